import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IgnoreRules } from '../../../src/core/workspace/gitignore';

describe('IgnoreRules', () => {
  test('unanchored patterns match at any depth', () => {
    const rules = IgnoreRules.empty().child('', '*.log\nnode_modules\n');
    assert.ok(rules.ignores('a.log', false));
    assert.ok(rules.ignores('x/y/a.log', false));
    assert.ok(rules.ignores('node_modules', true));
    assert.ok(rules.ignores('pkg/node_modules', true));
    assert.ok(!rules.ignores('a.logs', false));
  });

  test('anchored patterns, directory-only rules, **', () => {
    const rules = IgnoreRules.empty().child('', '/build\ndist/\ndocs/*.tmp\na/**/z\nlogs/**\n');
    assert.ok(rules.ignores('build', true));
    assert.ok(!rules.ignores('src/build', true));
    assert.ok(rules.ignores('dist', true));
    assert.ok(!rules.ignores('dist', false), 'dist/ only matches directories');
    assert.ok(rules.ignores('docs/x.tmp', false));
    assert.ok(!rules.ignores('docs/sub/x.tmp', false));
    assert.ok(rules.ignores('a/z', false));
    assert.ok(rules.ignores('a/b/c/z', false));
    assert.ok(rules.ignores('logs/x/y', false));
  });

  test('negation, last match wins, comments, escapes and trailing spaces', () => {
    const rules = IgnoreRules.empty().child('', '# comment\n*.txt\n!keep.txt\n\\#hash\n\\!bang\ntrail   \nsp\\ \n');
    assert.ok(rules.ignores('a.txt', false));
    assert.ok(!rules.ignores('keep.txt', false));
    assert.ok(!rules.ignores('# comment', false));
    assert.ok(rules.ignores('#hash', false));
    assert.ok(rules.ignores('!bang', false));
    assert.ok(rules.ignores('trail', false));
    assert.ok(rules.ignores('sp ', false));
    assert.ok(!rules.ignores('sp', false));
  });

  test('a nested .gitignore applies below its folder and overrides its parent', () => {
    const root = IgnoreRules.empty().child('', '*.gen\n');
    const sub = root.child('pkg', '!keep.gen\n/local\n');
    assert.ok(sub.ignores('pkg/a.gen', false));
    assert.ok(!sub.ignores('pkg/keep.gen', false));
    assert.ok(sub.ignores('pkg/local', false));
    assert.ok(!root.ignores('local', false));
    assert.ok(!sub.ignores('pkg/x/local', false), 'anchored to pkg/');
  });

  test('CRLF files', () => {
    const rules = IgnoreRules.empty().child('', 'out\r\n*.bak\r\n');
    assert.ok(rules.ignores('out', true));
    assert.ok(rules.ignores('x.bak', false));
  });
});
