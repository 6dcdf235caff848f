import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIssueRef, IssueRefError, describeIssueRef } from '../../../src/core/issue/ref';
import { parseRemoteUrl, resolveIssueRef, apiBaseUrlForHost } from '../../../src/core/issue/origin';

describe('parseIssueRef', () => {
  test('github.com issue URL', () => {
    assert.deepEqual(parseIssueRef('https://github.com/acme/widgets/issues/42'), {
      kind: 'url',
      url: 'https://github.com/acme/widgets/issues/42',
      host: 'github.com',
      owner: 'acme',
      repo: 'widgets',
      number: 42,
    });
  });

  test('GitHub Enterprise URL keeps its host; trailing parts and queries are ignored', () => {
    const ref = parseIssueRef('https://git.corp.example/team/app/issues/7#issuecomment-1');
    assert.equal(ref.kind, 'url');
    assert.ok(ref.kind === 'url');
    assert.equal(ref.host, 'git.corp.example');
    assert.equal(ref.number, 7);
  });

  test('shorthand owner/repo#N', () => {
    assert.deepEqual(parseIssueRef('acme/widgets.js#12'), { kind: 'shorthand', owner: 'acme', repo: 'widgets.js', number: 12 });
  });

  test('#N', () => {
    assert.deepEqual(parseIssueRef('#5'), { kind: 'number', number: 5 });
  });

  test('malformed references get a clear error, never a silent text task', () => {
    for (const bad of ['owner/repo#abc', 'owner/repo#', '#0', '#12x', 'https://github.com/acme/widgets/pulls', 'https://github.com/acme/widgets/issues/abc', 'ftp://github.com/a/b/issues/1']) {
      assert.throws(() => parseIssueRef(bad), IssueRefError, bad);
    }
    assert.throws(() => parseIssueRef('owner/repo#abc'), /owner\/repo#abc.*positive issue number/);
    assert.throws(() => parseIssueRef('   '), /empty/);
  });

  test('a markdown file that exists is a file ref; one that does not is an error', () => {
    const ref = parseIssueRef('docs/task.md', { cwd: '/w', fileExists: (p) => p === '/w/docs/task.md' });
    assert.deepEqual(ref, { kind: 'file', path: '/w/docs/task.md' });
    assert.throws(() => parseIssueRef('missing.md', { cwd: '/w', fileExists: () => false }), /Issue file not found: missing\.md/);
  });

  test('anything else is plain text', () => {
    assert.deepEqual(parseIssueRef('Fix the off-by-one in sum()'), { kind: 'text', text: 'Fix the off-by-one in sum()' });
    assert.equal(parseIssueRef('see README.md for details').kind, 'text');
  });

  test('describeIssueRef labels', () => {
    assert.equal(describeIssueRef(parseIssueRef('a/b#3')), 'a/b#3');
    assert.equal(describeIssueRef(parseIssueRef('hello')), 'text');
  });
});

describe('origin remote', () => {
  test('parses https, ssh, scp-like and credentialed remotes', () => {
    const cases: [string, { host: string; owner: string; repo: string } | undefined][] = [
      ['https://github.com/acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
      ['https://user:secret@github.com/acme/widgets', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
      ['git@github.com:acme/widgets.git', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
      ['ssh://git@git.corp.example:2222/team/app.git', { host: 'git.corp.example', owner: 'team', repo: 'app' }],
      ['git@github.com:acme/widgets/', { host: 'github.com', owner: 'acme', repo: 'widgets' }],
      ['/local/path/repo', undefined],
      ['not a url', undefined],
    ];
    for (const [remote, expected] of cases) assert.deepEqual(parseRemoteUrl(remote), expected, remote);
  });

  test('#N resolves through the origin port; no origin is a clear error', async () => {
    const located = await resolveIssueRef(
      { kind: 'number', number: 9 },
      { resolveOrigin: async () => ({ host: 'github.com', owner: 'acme', repo: 'widgets' }) },
    );
    assert.deepEqual(located, { host: 'github.com', owner: 'acme', repo: 'widgets', number: 9 });
    await assert.rejects(resolveIssueRef({ kind: 'number', number: 9 }, { resolveOrigin: async () => undefined }), /origin.*owner\/repo#9/);
    assert.equal(await resolveIssueRef({ kind: 'text', text: 'x' }), undefined);
  });

  test('API base for github.com and Enterprise hosts', () => {
    assert.equal(apiBaseUrlForHost('github.com'), 'https://api.github.com');
    assert.equal(apiBaseUrlForHost('git.corp.example'), 'https://git.corp.example/api/v3');
  });
});
