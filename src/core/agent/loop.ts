/**
 * The autonomous agent loop, in the mini-swe-agent shape: a model call, the
 * tool calls it asked for, their results back, again, until a typed stop.
 * Every stop has a kind and a sentence (see run/events.ts StopKindSchema):
 * finish (verified when a verification command is set), give_up, max steps,
 * wall clock, token and dollar budgets, a repeated-action loop, cancel,
 * refusal, the context window, and model errors after the client's retries.
 */
import { addUsage, emptyUsage, ModelError, type ModelResponse, type UserBlock } from '../model/types';
import { costUsd as priceOf } from '../model/pricing';
import { classifyStop } from '../model/stop-reasons';
import { Budget } from '../run/budget';
import type { Stop } from '../run/events';
import { compactContext, estimateTokens } from './compaction';
import { Conversation } from './conversation';
import { LoopDetector } from './loop-detector';
import { runToolCalls, type ExecutedCall } from './tool-calls';
import { toToolbox } from './toolbox';
import type { AgentOptions, AgentOutcome } from './types';
import { runVerification } from './verify';

export const CANCELLED_MESSAGE = 'cancelled by user';

const NUDGE_NO_TOOL =
  'You ended your turn without calling a tool. Keep working with the tools; call finish when the task is done and verified, or give_up if it cannot be done.';
const NUDGE_CUT_TEXT = 'Your reply was cut off by the output token limit. Continue where you stopped, in shorter replies.';
const cutToolMessage = (name: string) =>
  `Your last reply was cut off by the output token limit in the middle of the call to ${name}, so it was not run. ` +
  'Make smaller calls: split large content into several edit_file calls, each changing a small piece.';

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}

export async function runAgent(options: AgentOptions): Promise<AgentOutcome> {
  const { limits, events } = options;
  const now = options.now ?? Date.now;
  const toolbox = toToolbox(options.tools);
  const specs = toolbox.specs();
  const modelId = options.modelId ?? options.model.model;
  const keepRecentTurns = options.keepRecentTurns ?? 4;
  const deadline = now() + limits.maxMs;
  // The agent's own limits; charges flow on to the shared run budget.
  const budget = new Budget(
    { ...(limits.maxTokens !== undefined ? { maxTokens: limits.maxTokens } : {}), ...(limits.maxUsd !== undefined ? { maxUsd: limits.maxUsd } : {}) },
    options.budget,
    now,
  );
  const clock = new AbortController();
  const timer = setTimeout(() => clock.abort(), Math.max(0, limits.maxMs));
  timer.unref?.();
  const signal = AbortSignal.any([options.signal, clock.signal]);
  const detector = new LoopDetector(options.loopDetection);
  const conversation = Conversation.start(options.task);
  let usage = emptyUsage();
  let cost: number | null = 0;
  let steps = 0;
  let summary: string | undefined;

  const charge = (callUsage: ModelResponse['usage'], callCost: number | null) => {
    usage = addUsage(usage, callUsage);
    cost = cost === null || callCost === null ? null : cost + callCost;
    budget.charge(callUsage, callCost);
  };
  const timeStop = (): Stop => ({ kind: 'time', message: `ran out of time after ${formatDuration(limits.maxMs)}` });
  const pendingStop = (): Stop | undefined => {
    if (options.signal.aborted) return { kind: 'cancelled', message: CANCELLED_MESSAGE };
    if (clock.signal.aborted || now() >= deadline) return timeStop();
    return budget.exceeded();
  };
  const end = (stop: Stop): AgentOutcome => {
    // Calls the model made but that will not run still get an answer, so the transcript stays valid.
    const open = conversation.unansweredToolUses();
    if (open.length > 0) {
      conversation.addUser(open.map((t) => ({ type: 'tool_result', tool_use_id: t.id, content: `Not run: ${stop.message}.`, is_error: true })));
    }
    events.emit({ type: 'log', level: stop.kind === 'done' ? 'info' : 'warn', message: `agent stopped (${stop.kind}): ${stop.message}` });
    return { stop, ...(summary !== undefined ? { summary } : {}), steps, usage, costUsd: cost, messages: conversation.messages };
  };

  const compactIfNeeded = async (force: boolean): Promise<Stop | undefined> => {
    const threshold = Math.floor(limits.contextWindow * limits.compactAtShare);
    const estimate = estimateTokens(options.system, specs, conversation.messages);
    if (!force && estimate <= threshold) return undefined;
    const result = await compactContext({
      model: options.model,
      ...(options.modelId ? { modelId: options.modelId } : {}),
      system: options.system,
      tools: specs,
      messages: conversation.messages,
      targetTokens: threshold,
      keepRecentTurns,
      maxOutputTokens: limits.maxOutputTokens,
      events,
      signal,
      step: steps,
    });
    if (result.usage) charge(result.usage, result.costUsd ?? null);
    conversation.messages = result.messages;
    const room = limits.contextWindow - limits.maxOutputTokens;
    if (result.tokens > room || (force && result.tokens >= estimate)) {
      return { kind: 'context_window', message: `the conversation no longer fits in the ${limits.contextWindow.toLocaleString('en-US')}-token context window, even after compaction` };
    }
    return undefined;
  };

  let forceCompaction = false;
  try {
    for (;;) {
      const stop = pendingStop();
      if (stop) return end(stop);
      if (steps >= limits.maxSteps) return end({ kind: 'max_steps', message: `reached the limit of ${limits.maxSteps} steps` });

      if (conversation.last?.role === 'user') {
        const followUps = options.inbox?.take() ?? [];
        for (const text of followUps) events.emit({ type: 'user_message', text });
        conversation.addUser(followUps.map((text) => ({ type: 'text', text: `<user-follow-up>\n${text}\n</user-follow-up>` })));
      }

      const tooBig = await compactIfNeeded(forceCompaction);
      forceCompaction = false;
      if (tooBig) return end(tooBig);

      steps++;
      const started = now();
      const callEvent = events.emit({ type: 'model_call_started', step: steps, purpose: 'agent turn' });
      const response = await options.model.send(
        {
          ...(options.modelId ? { model: options.modelId } : {}),
          system: options.system,
          messages: conversation.messages,
          tools: specs,
          maxTokens: limits.maxOutputTokens,
          cache: options.cache ?? 'auto',
        },
        {
          signal,
          onEvent: (event) => {
            if (event.type === 'text_delta') events.emit({ type: 'model_text_delta', text: event.text, causeId: callEvent.id });
            else if (event.type === 'retry') events.emit({ type: 'model_retry', attempt: event.attempt, delayMs: event.delayMs, reason: event.reason, causeId: callEvent.id });
          },
        },
      );
      const callCost = priceOf(response.model || modelId, response.usage);
      charge(response.usage, callCost);
      events.emit({
        type: 'model_call_finished',
        step: steps,
        model: response.model || modelId,
        stopReason: response.stopReason,
        usage: response.usage,
        costUsd: callCost,
        durationMs: now() - started,
        text: Conversation.textOf(response.content),
        causeId: callEvent.id,
      });

      const decision = classifyStop(response);
      if (decision.action === 'context_full') {
        // The reply did not fit: drop it, compact, and ask again (or stop if nothing shrinks).
        forceCompaction = true;
        continue;
      }
      conversation.addAssistant(response.content);

      switch (decision.action) {
        case 'refusal':
          return end({ kind: 'refusal', message: decision.message });
        case 'done': {
          conversation.addUser([{ type: 'text', text: NUDGE_NO_TOOL }]);
          const looping = detector.recordTurn([], false);
          if (looping) return end(looping);
          continue;
        }
        case 'continue':
          // pause_turn: send the conversation back as is; the API resumes the turn.
          if (decision.reason === 'max_tokens') conversation.addUser([{ type: 'text', text: NUDGE_CUT_TEXT }]);
          continue;
        case 'truncated': {
          const open = conversation.unansweredToolUses();
          conversation.addUser([
            ...open.map((t): UserBlock => ({ type: 'tool_result', tool_use_id: t.id, content: 'Not run: the reply was cut off after this call.', is_error: true })),
            { type: 'text', text: cutToolMessage(decision.toolUse.name) },
          ]);
          events.emit({ type: 'log', level: 'warn', message: decision.message });
          const looping = detector.recordTurn([{ name: decision.toolUse.name, input: decision.toolUse.partialJson }], false);
          if (looping) return end(looping);
          continue;
        }
        case 'tools': {
          const executed = await runToolCalls(decision.toolUses, {
            toolbox,
            context: options.toolContext,
            provenance: options.provenance,
            signal,
            events,
          });
          const finished = await settleControl(executed);
          for (const e of executed) {
            if (e.output.details?.errorKind === 'input_too_large') {
              conversation.replaceToolInput(e.call.id, { omitted: `${JSON.stringify(e.call.input).length} characters of input, refused as too large` });
            }
          }
          conversation.addUser(executed.map((e) => e.result));
          if (finished) return end(finished);
          // A cancel or the clock during the tools outranks what the tools' results would mean.
          const interrupted = signal.aborted ? pendingStop() : undefined;
          if (interrupted) return end(interrupted);
          const edited = executed.some((e) => toolbox.riskOf(e.call.name) === 'write' && !e.output.isError);
          const looping = detector.recordTurn(executed.map((e) => ({ name: e.call.name, input: e.call.input })), edited);
          if (looping) return end(looping);
          continue;
        }
      }
    }
  } catch (error) {
    if (options.signal.aborted) return end({ kind: 'cancelled', message: CANCELLED_MESSAGE });
    if (clock.signal.aborted) return end(timeStop());
    if (error instanceof ModelError) return end({ kind: 'model_error', message: error.message });
    return end({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }

  /** finish / give_up: decides whether the turn ends the run; rewrites the finish result when verification fails. */
  async function settleControl(executed: ExecutedCall[]): Promise<Stop | undefined> {
    const controlled = executed.find((e) => e.output.control && !e.output.isError);
    const control = controlled?.output.control;
    if (!controlled || !control) return undefined;
    if (control.kind === 'give_up') {
      summary = control.reason;
      return { kind: 'gave_up', message: `gave up: ${control.reason}` };
    }
    if (!options.verify) {
      summary = control.summary;
      return { kind: 'done', message: 'finished (no verification command was set)' };
    }
    events.emit({ type: 'log', level: 'info', message: `verifying with \`${options.verify}\`` });
    const verdict = await runVerification(options.verify, options.toolContext, signal);
    if (verdict.status === 'passed') {
      summary = control.summary;
      controlled.result.content = `${controlled.result.content}\n${verdict.report}`;
      return { kind: 'done', message: `finished and verified: \`${options.verify}\` passed` };
    }
    if (verdict.status === 'not_run') {
      summary = control.summary;
      return { kind: 'done', message: `finished, not verified: ${verdict.report}` };
    }
    if (signal.aborted) return pendingStop() ?? { kind: 'cancelled', message: CANCELLED_MESSAGE };
    controlled.result.content = verdict.report;
    controlled.result.is_error = true;
    events.emit({ type: 'log', level: 'warn', message: verdict.report.slice(0, 2000) });
    return undefined;
  }
}
