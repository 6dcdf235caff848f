import { createHash } from 'node:crypto';
import type { CountTokensRequest, RequestBlock } from './request-schema';

/**
 * Token counts and prompt-cache accounting that behave like the real API's,
 * close enough for tests to hand-compute: a token is ≈ 4 characters
 * (`ceil(chars / 4)` per block), not the real tokenizer.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** One cacheable unit of the prompt, in the order the API caches: tools → system → messages. */
export interface PromptBlock {
  tokens: number;
  /** Identity of the block (content without cache_control), hashed into the prefix. */
  key: string;
  breakpoint: boolean;
}

export function hasCacheControl(block: object): boolean {
  return Boolean((block as { cache_control?: unknown }).cache_control);
}

function withoutCacheControl(block: object): object {
  const { cache_control: _ignored, ...rest } = block as { cache_control?: unknown };
  return rest;
}

function blockText(block: RequestBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'tool_use':
      return block.name + JSON.stringify(block.input);
    case 'tool_result':
      if (typeof block.content === 'string') return block.content;
      return (block.content ?? []).map((inner) => (inner.type === 'text' ? inner.text : '')).join('');
    case 'thinking':
      return block.thinking;
    default:
      return JSON.stringify(withoutCacheControl(block));
  }
}

/** The request's prompt as blocks, with where its `cache_control` breakpoints are. */
export function promptBlocks(request: CountTokensRequest): PromptBlock[] {
  const blocks: PromptBlock[] = [];
  for (const tool of request.tools ?? []) {
    const { cache_control, ...definition } = tool;
    blocks.push({
      tokens: estimateTokens(JSON.stringify(definition)),
      key: `tool:${JSON.stringify(definition)}`,
      breakpoint: Boolean(cache_control),
    });
  }
  const system = typeof request.system === 'string' ? [{ type: 'text' as const, text: request.system }] : request.system ?? [];
  for (const block of system) {
    if (block.text === '') continue;
    blocks.push({
      tokens: estimateTokens(block.text),
      key: `system:${block.text}`,
      breakpoint: Boolean(block.cache_control),
    });
  }
  for (const message of request.messages) {
    const content: RequestBlock[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    for (const block of content) {
      blocks.push({
        tokens: estimateTokens(blockText(block)),
        key: `${message.role}:${JSON.stringify(withoutCacheControl(block))}`,
        breakpoint: hasCacheControl(block),
      });
    }
  }
  const last = blocks.at(-1);
  if (request.cache_control && last) last.breakpoint = true;
  return blocks;
}

export interface PromptUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** How many block boundaries before a breakpoint the API checks for an earlier cache entry. */
export const CACHE_LOOKBACK_BLOCKS = 20;
/** Cache entries live 5 minutes, refreshed on each hit. */
export const CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * The prefixes this server has cached, per model. A request reads the longest
 * cached prefix that ends at a breakpoint or up to 20 blocks before one, writes
 * everything from there up to its last breakpoint, and pays plain input for
 * the rest. Prefixes shorter than `minCacheableTokens` are not cached, as the
 * real API silently skips them.
 */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly minCacheableTokens = 0,
    private readonly now: () => number = Date.now,
  ) {}

  account(model: string, blocks: PromptBlock[]): PromptUsage {
    const hashes: string[] = [];
    const totals: number[] = [0];
    const hash = createHash('sha256').update(`model:${model}`);
    for (const block of blocks) {
      hash.update(`\u0000${block.key}`);
      hashes.push(hash.copy().digest('hex'));
      totals.push(totals.at(-1)! + block.tokens);
    }
    const total = totals.at(-1)!;
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index + 1] : []));
    if (breakpoints.length === 0) {
      return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    }

    const time = this.now();
    const live = (length: number) => {
      const stamp = this.entries.get(hashes[length - 1]!);
      return stamp !== undefined && time - stamp < CACHE_TTL_MS;
    };
    let readLength = 0;
    for (const end of breakpoints) {
      for (let length = end; length > Math.max(0, end - CACHE_LOOKBACK_BLOCKS); length--) {
        if (length > readLength && live(length)) {
          readLength = length;
          break;
        }
      }
    }
    const cacheable = (length: number) => totals[length]! >= this.minCacheableTokens;
    const writeEnd = Math.max(readLength, ...breakpoints.filter(cacheable));

    if (readLength > 0) this.entries.set(hashes[readLength - 1]!, time);
    for (const end of breakpoints) {
      if (cacheable(end)) this.entries.set(hashes[end - 1]!, time);
    }
    return {
      cache_read_input_tokens: totals[readLength]!,
      cache_creation_input_tokens: totals[writeEnd]! - totals[readLength]!,
      input_tokens: total - totals[writeEnd]!,
    };
  }
}
