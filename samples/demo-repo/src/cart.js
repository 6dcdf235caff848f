'use strict';

/**
 * A cart line: { sku, price, quantity }, prices in cents.
 */

/** The sum of all lines, in cents. */
function subtotal(items) {
  let total = 0;
  for (const item of items) {
    total += item.price;
  }
  return total;
}

/** The subtotal after a percentage discount (0-100), rounded to whole cents. */
function cartTotal(items, discountPercent = 0) {
  const total = subtotal(items);
  if (discountPercent < 0 || discountPercent > 100) {
    throw new RangeError('discountPercent must be between 0 and 100');
  }
  return total - discountPercent;
}

/** Formats cents as dollars: 1234 -> "$12.34". */
function formatPrice(cents) {
  return `$${(cents / 100).toFixed(2)}`;
}

module.exports = { subtotal, cartTotal, formatPrice };
