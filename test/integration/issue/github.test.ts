import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github';
import { fetchIssue, listOpenIssues } from '../../../src/core/issue/github';
import { GitHubError, localClock } from '../../../src/core/issue/github-errors';
import { gitOriginResolver } from '../../../src/core/issue/origin';
import { loadIssue } from '../../../src/core/issue/load';
import { parseIssueRef } from '../../../src/core/issue/ref';

const comments = Array.from({ length: 7 }, (_, i) => ({ user: i === 3 ? null : `user${i}`, body: `comment ${i}`, createdAt: `2026-01-0${i + 1}T00:00:00Z` }));

describe('GitHub issue fetch against a fake GitHub on loopback', () => {
  let gh: FakeGitHub;
  let tmp: string;
  before(async () => {
    gh = await startFakeGitHub({
      perPage: 3,
      token: 'ghp_secret',
      privateRepos: ['acme/private'],
      issues: [
        { owner: 'acme', repo: 'widgets', number: 42, title: 'Sum is off by one', body: 'sum([1,2]) returns 4', labels: ['bug', 'good first issue'], user: 'alice', comments },
        { owner: 'acme', repo: 'widgets', number: 43, title: 'Null body', body: null, user: null },
        { owner: 'acme', repo: 'widgets', number: 44, title: 'A PR', pullRequest: true },
        { owner: 'acme', repo: 'widgets', number: 45, title: 'Closed one', state: 'closed' },
        { owner: 'acme', repo: 'private', number: 1, title: 'Secret', body: 'hidden' },
      ],
    });
    tmp = mkdtempSync(join(tmpdir(), 'foreman-issue-'));
  });
  after(async () => {
    await gh.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('fetches the issue and every page of comments', async () => {
    const issue = await fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: gh.url });
    assert.equal(issue.ref, 'acme/widgets#42');
    assert.equal(issue.title, 'Sum is off by one');
    assert.equal(issue.state, 'open');
    assert.deepEqual(issue.labels, ['bug', 'good first issue']);
    assert.equal(issue.author, 'alice');
    assert.equal(issue.comments.length, 7, 'three pages of 3, 3, 1');
    assert.deepEqual(issue.comments.map((c) => c.body), comments.map((c) => c.body));
    assert.equal(issue.comments[3]?.author, 'ghost');
    const commentRequests = gh.requests.filter((r) => r.url.includes('/comments'));
    assert.equal(commentRequests.length, 3);
    assert.equal(gh.requests[0]?.accept, 'application/vnd.github+json');
    assert.equal(gh.requests[0]?.authorization, undefined, 'no token, no header');
  });

  test('null body and deleted user are tolerated', async () => {
    const issue = await fetchIssue({ host: 'github.com', owner: 'acme', repo: 'widgets', number: 43 }, { baseUrl: gh.url });
    assert.equal(issue.body, '');
    assert.equal(issue.author, undefined);
  });

  test('a number that names a pull request is refused: Foreman solves issues', async () => {
    await assert.rejects(fetchIssue(parseIssueRef('acme/widgets#44'), { baseUrl: gh.url }), (e: unknown) => {
      assert.ok(e instanceof GitHubError);
      assert.equal(e.kind, 'not_an_issue');
      assert.match(e.message, /acme\/widgets#44 is a pull request, not an issue/);
      return true;
    });
  });

  test('GitHub Enterprise base path /api/v3 works', async () => {
    const issue = await fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: `${gh.url}/api/v3` });
    assert.equal(issue.comments.length, 7);
  });

  test('404 names the issue and suggests a token for private repositories', async () => {
    await assert.rejects(fetchIssue(parseIssueRef('acme/private#1'), { baseUrl: gh.url }), (e: unknown) => {
      assert.ok(e instanceof GitHubError);
      assert.equal(e.kind, 'not_found');
      assert.match(e.message, /acme\/private#1/);
      assert.match(e.message, /private.*token/);
      return true;
    });
  });

  test('the right token opens a private repository; a wrong one is a clear 401 without echoing it', async () => {
    const issue = await fetchIssue(parseIssueRef('acme/private#1'), { baseUrl: gh.url, token: 'ghp_secret' });
    assert.equal(issue.body, 'hidden');
    assert.equal(gh.requests.at(-1)?.authorization, 'Bearer ghp_secret');
    await assert.rejects(fetchIssue(parseIssueRef('acme/private#1'), { baseUrl: gh.url, token: 'ghp_wrong' }), (e: unknown) => {
      assert.ok(e instanceof GitHubError);
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /invalid or expired/);
      assert.doesNotMatch(e.message, /ghp_wrong/);
      return true;
    });
  });

  test('rate limiting says when it resets, in local time', async (t) => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    gh.setMode({ kind: 'rate-limited', resetEpochSeconds: reset });
    t.after(() => gh.setMode({ kind: 'normal' }));
    await assert.rejects(fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: gh.url }), (e: unknown) => {
      assert.ok(e instanceof GitHubError);
      assert.equal(e.kind, 'rate_limited');
      assert.equal(e.resetAt, reset * 1000);
      assert.ok(e.message.includes(`rate limited until ${localClock(reset * 1000)} (local)`), e.message);
      return true;
    });
  });

  test('a secondary limit reports retry-after', async (t) => {
    gh.setMode({ kind: 'secondary-limit', retryAfterSeconds: 60 });
    t.after(() => gh.setMode({ kind: 'normal' }));
    await assert.rejects(fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: gh.url }), /secondary rate limit.*retry after 60 s/);
  });

  test('network errors are readable', async () => {
    const dead = await startFakeGitHub({ issues: [] });
    const url = dead.url;
    await dead.close();
    await assert.rejects(fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: url }), (e: unknown) => {
      assert.ok(e instanceof GitHubError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /Could not reach GitHub at http:\/\/127\.0\.0\.1/);
      return true;
    });
  });

  test('a cancelled fetch says so', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fetchIssue(parseIssueRef('acme/widgets#42'), { baseUrl: gh.url, signal: controller.signal }), /cancelled/);
  });

  test('listOpenIssues leaves out pull requests and closed issues, across pages', async () => {
    const list = await listOpenIssues('acme', 'widgets', { baseUrl: gh.url });
    assert.deepEqual(list.map((i) => i.number), [42, 43]);
    assert.equal(list[0]?.comments, 7);
  });

  test('#N resolves against a real git origin remote', async () => {
    execFileSync('git', ['init', '-q', tmp]);
    execFileSync('git', ['-C', tmp, 'remote', 'add', 'origin', 'git@github.com:acme/widgets.git']);
    const issue = await loadIssue('#42', { baseUrl: gh.url, resolveOrigin: gitOriginResolver(tmp) });
    assert.equal(issue.ref, 'acme/widgets#42');
    assert.equal(await gitOriginResolver(join(tmp, 'nope'))(), undefined);
  });

  test('loadIssue reads a markdown file and takes text as is', async () => {
    writeFileSync(join(tmp, 'task.md'), '# Add a --verbose flag\n\nPrint each step.');
    const fromFile = await loadIssue('task.md', { cwd: tmp });
    assert.equal(fromFile.title, 'Add a --verbose flag');
    assert.equal(fromFile.ref, `file:${join(tmp, 'task.md')}`);
    const fromText = await loadIssue('Make the tests pass');
    assert.equal(fromText.ref, 'text');
  });
});
