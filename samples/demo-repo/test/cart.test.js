'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { subtotal, cartTotal, formatPrice } = require('../src/cart');

const items = [
  { sku: 'tea', price: 250, quantity: 2 },
  { sku: 'mug', price: 1000, quantity: 1 },
];

test('subtotal counts every unit of a line', () => {
  assert.equal(subtotal(items), 1500);
});

test('an empty cart costs nothing', () => {
  assert.equal(cartTotal([]), 0);
});

test('a percentage discount is taken off the subtotal', () => {
  assert.equal(cartTotal(items, 10), 1350);
});

test('discounts are rounded to whole cents', () => {
  assert.equal(cartTotal([{ sku: 'pen', price: 99, quantity: 1 }], 15), 84);
});

test('a discount outside 0-100 is refused', () => {
  assert.throws(() => cartTotal(items, 120), RangeError);
});

test('prices are formatted as dollars', () => {
  assert.equal(formatPrice(1234), '$12.34');
});
