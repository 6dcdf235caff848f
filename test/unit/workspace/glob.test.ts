import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob } from '../../../src/core/workspace/glob';

function check(pattern: string, yes: string[], no: string[]): void {
  const matches = compileGlob(pattern);
  for (const path of yes) assert.ok(matches(path), `${pattern} should match ${path}`);
  for (const path of no) assert.ok(!matches(path), `${pattern} should not match ${path}`);
}

describe('compileGlob', () => {
  test('a pattern without a slash matches the name at any depth', () => {
    check('*.ts', ['a.ts', 'src/a.ts', 'src/deep/b.ts'], ['a.tsx', 'src/a.js', 'a.ts/x']);
    check('README.md', ['README.md', 'docs/README.md'], ['xREADME.md']);
  });

  test('a pattern with a slash matches the whole relative path', () => {
    check('src/*.ts', ['src/a.ts'], ['src/deep/a.ts', 'lib/src/a.ts']);
    check('src/**/*.ts', ['src/a.ts', 'src/x/y/a.ts'], ['lib/a.ts', 'src/a.js']);
    check('**/*.ts', ['a.ts', 'x/a.ts'], ['a.js']);
    check('src/**', ['src/a', 'src/x/y'], ['src', 'lib/a']);
    check('./src/*.ts', ['src/a.ts'], []);
  });

  test('question marks, classes, braces and escapes', () => {
    check('?.ts', ['a.ts'], ['ab.ts']);
    check('[ab].ts', ['a.ts', 'b.ts'], ['c.ts']);
    check('[!ab].ts', ['c.ts'], ['a.ts', '/.ts']);
    check('*.{ts,tsx}', ['a.ts', 'a.tsx'], ['a.js']);
    check('{src,test}/**/*.{js,mjs}', ['src/a.js', 'test/x/b.mjs'], ['lib/a.js']);
    check('a\\*b', ['a*b'], ['axb']);
    check('a.b', ['a.b'], ['axb']);
    check('(x)+', ['(x)+'], ['xx']);
  });

  test('case-insensitive option', () => {
    assert.ok(compileGlob('*.MD', { caseInsensitive: true })('docs/readme.md'));
    assert.ok(!compileGlob('*.MD')('docs/readme.md'));
  });
});
