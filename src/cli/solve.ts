/**
 * `foreman solve`: load the task, run it against the repository with the
 * run recorded outside the workspace, print the events, write the patch,
 * and apply it only when asked (and confirmed). Returns the exit code.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createAnthropicModelClient } from '../core/model/anthropic';
import type { ModelClient } from '../core/model/types';
import { gitOriginResolver } from '../core/issue/origin';
import { loadIssue } from '../core/issue/load';
import { parseIssueRef, type IssueRef } from '../core/issue/ref';
import { issueFromText, type Issue } from '../core/issue/types';
import { solveIssue } from '../core/orchestrator/solve';
import { DEFAULT_ALLOW } from '../core/policy/default-rules';
import { RunBus } from '../core/run/bus';
import { Redactor, secretsFromEnv } from '../core/run/redact';
import { defaultRunsDir, RunStore } from '../core/run/store';
import type { CommandApproval } from '../core/tools/tool';
import { applyPatchToRepo } from './apply';
import type { SolveArgs } from './args';
import { startDemoModel } from './demo-model';
import { BadInputError, EXIT_NOT_SOLVED, EXIT_SOLVED } from './errors';
import { eventPrinter } from './print';
import { nodeWorkspace, removeStaleSandboxes } from './workspace';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks y/N on a terminal; undefined when there is none. */
  ask?: (question: string) => Promise<boolean>;
  signal: AbortSignal;
}

function checkRepo(dir: string): void {
  if (!existsSync(dir)) throw new BadInputError(`no such repository: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new BadInputError(`not a directory: ${dir}`);
}

/**
 * The task in two steps: what can be checked locally (text, a readable file,
 * a well-formed reference) comes first, so bad input is reported before the
 * API key is looked at; fetching from GitHub comes after.
 */
async function readTask(args: SolveArgs, io: CliIo): Promise<Issue | IssueRef> {
  if (args.text !== undefined) return issueFromText(args.text);
  if (args.file !== undefined) {
    const file = resolve(io.cwd, args.file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new BadInputError(`cannot read the issue file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
    }
    if (text.trim() === '') throw new BadInputError(`the issue file is empty: ${file}`);
    return issueFromText(text, `file:${args.file}`);
  }
  try {
    return parseIssueRef(args.issueRef ?? '', { cwd: io.cwd });
  } catch (error) {
    throw new BadInputError(error instanceof Error ? error.message : String(error));
  }
}

async function fetchTask(task: Issue | IssueRef, args: SolveArgs, repo: string, io: CliIo): Promise<Issue> {
  if ('title' in task) return task;
  try {
    return await loadIssue(task, {
      ...(io.env.GITHUB_TOKEN ? { token: io.env.GITHUB_TOKEN } : {}),
      ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}),
      resolveOrigin: gitOriginResolver(repo),
      signal: io.signal,
    });
  } catch (error) {
    throw new BadInputError(`cannot load issue ${args.issueRef ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function solveCommand(args: SolveArgs, io: CliIo): Promise<number> {
  const repo = resolve(io.cwd, args.repo ?? '.');
  checkRepo(repo);
  const task = await readTask(args, io);
  const apiKey = io.env.ANTHROPIC_API_KEY;
  if (!args.demo && !apiKey) throw new BadInputError('ANTHROPIC_API_KEY is not set (or run with --demo to use the built-in demo model)');
  const issue = await fetchTask(task, args, repo, io);

  const demo = args.demo ? await startDemoModel() : undefined;
  try {
    const model: ModelClient = createAnthropicModelClient({
      apiKey: demo ? 'demo-key-not-secret' : (apiKey as string),
      model: args.model,
      ...(demo ? { baseURL: demo.url } : io.env.ANTHROPIC_BASE_URL ? { baseURL: io.env.ANTHROPIC_BASE_URL } : {}),
    });
    const runId = randomUUID();
    const store = new RunStore(args.runsDir ? resolve(io.cwd, args.runsDir) : defaultRunsDir(io.env), new Redactor([apiKey, ...secretsFromEnv(io.env)]));
    store.markInterrupted();
    await removeStaleSandboxes(io.signal);
    store.startRun({ runId, task: { ref: issue.ref, title: issue.title }, workspace: repo, model: args.model });
    const bus = new RunBus(runId);
    bus.subscribe(store.listener());
    bus.subscribe(eventPrinter((line) => io.out(line), args.json));

    const ask = io.ask;
    const approveCommand = async (request: { command: string; reason: string }): Promise<CommandApproval> => {
      if (!ask) return { decision: 'deny', reason: `needs approval (${request.reason}) and there is no terminal to ask on; allow it with --allow "<rule>"` };
      return (await ask(`Run \`${request.command}\` in the sandbox?`)) ? { decision: 'run_once' } : { decision: 'deny', reason: 'the user said no' };
    };
    const options = {
      runId,
      task: issue,
      workspace: nodeWorkspace(repo, { mode: args.confinement, network: args.network }),
      model,
      settings: {
        maxStepsPerWorker: args.maxSteps,
        budgets: { ...(args.budgetUsd !== undefined ? { maxUsd: args.budgetUsd } : {}), maxMinutes: args.maxMinutes },
        commandPolicy: { allow: [...DEFAULT_ALLOW, ...args.allow], deny: [] },
        ...(args.verify ? { verifyCommand: args.verify } : {}),
      },
      approveCommand,
      events: bus,
      store,
      signal: io.signal,
    };
    const outcome = await solveIssue(options);

    store.finishRun(runId, { stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd });
    const patch = outcome.changes.unifiedPatch();
    if (args.out) await writeFile(resolve(io.cwd, args.out), patch);
    if (args.json) {
      io.out(JSON.stringify({ type: 'result', runId, stop: outcome.stop, summary: outcome.synthesis?.summary ?? null, prTitle: outcome.synthesis?.prTitle ?? null, prBody: outcome.synthesis?.prBody ?? null, files: outcome.changes.files().map((f) => f.path), patch, out: args.out ?? null, record: store.folder(runId) }));
    } else {
      if (outcome.synthesis) {
        io.out(`\nSummary: ${outcome.synthesis.summary}`);
        io.out(`PR title: ${outcome.synthesis.prTitle}`);
      }
      io.out(patch ? `\n${patch.trimEnd()}\n` : '\n(no changes proposed)');
      if (args.out) io.out(`patch written to ${resolve(io.cwd, args.out)}`);
      io.out(`run record: ${store.folder(runId)}`);
    }

    if (args.apply && patch) {
      await applyPatchToRepo({ repo, changes: outcome.changes, yes: args.yes, io });
    }
    return outcome.stop.kind === 'done' ? EXIT_SOLVED : EXIT_NOT_SOLVED;
  } finally {
    await demo?.close();
  }
}
