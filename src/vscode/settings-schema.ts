import { z } from 'zod';

/**
 * Foreman's settings (`foreman.*`), parsed with zod. Pure: no vscode import, so
 * the schema is unit-tested in Node and checked against package.json's
 * `contributes.configuration`. Each field falls back to its default on its own,
 * so one bad value never takes the others down; the problem is reported.
 */

const nonNegative = z.number().finite().min(0);

export const SETTINGS_SHAPE = {
  model: z.string().trim().min(1).default('claude-sonnet-4-6'),
  /** Anthropic API base URL; empty = the SDK's default. */
  baseUrl: z.union([z.literal(''), z.url()]).default(''),
  githubApiUrl: z.url().default('https://api.github.com'),
  maxSteps: z.number().int().min(1).max(500).default(40),
  /** 0 = no limit. */
  'budget.usd': nonNegative.default(5),
  'budget.tokens': nonNegative.int().default(2_000_000),
  'budget.minutes': nonNegative.default(30),
  concurrency: z.number().int().min(1).max(16).default(3),
  planApproval: z.boolean().default(false),
  commandAllow: z.array(z.string().trim().min(1)).default([]),
  commandDeny: z.array(z.string().trim().min(1)).default([]),
  compactAtShare: z.number().min(0.3).max(0.95).default(0.7),
  commandTimeoutSeconds: z.number().int().min(1).max(3600).default(300),
  /** Confine sandbox commands with bubblewrap (Linux): 'auto' when it works here, 'required' or refuse, 'off'. */
  'sandbox.confinement': z.enum(['auto', 'required', 'off']).default('auto'),
  /** Network for confined sandbox commands. */
  'sandbox.network': z.enum(['off', 'on']).default('off'),
  /** Use the embedded fake model with the bundled demo script instead of the API. */
  demoMode: z.boolean().default(false),
} as const;

export type SettingKey = keyof typeof SETTINGS_SHAPE;
export const SETTING_KEYS = Object.keys(SETTINGS_SHAPE) as SettingKey[];
export const SettingsSchema = z.object(SETTINGS_SHAPE);
export type ForemanSettings = z.infer<typeof SettingsSchema>;

export const SETTINGS_SECTION = 'foreman';

export interface ParsedSettings {
  settings: ForemanSettings;
  /** One readable sentence per value that was ignored. */
  problems: string[];
}

/** `read(key)` returns the raw configured value, or undefined when unset. */
export function parseSettings(read: (key: SettingKey) => unknown): ParsedSettings {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of SETTING_KEYS) {
    const schema = SETTINGS_SHAPE[key] as z.ZodType;
    const raw = read(key);
    const parsed = schema.safeParse(raw === null ? undefined : raw);
    if (parsed.success) {
      settings[key] = parsed.data;
      continue;
    }
    settings[key] = schema.parse(undefined);
    const issue = parsed.error.issues[0]?.message ?? 'invalid value';
    problems.push(`foreman.${key}: ${issue}; using the default.`);
  }
  return { settings: settings as ForemanSettings, problems };
}

export const defaultSettings = (): ForemanSettings => parseSettings(() => undefined).settings;

/** Budgets as the run sees them: 0 in the settings means "no limit". */
export function budgetsOf(settings: ForemanSettings): { maxUsd?: number; maxTokens?: number; maxMinutes?: number } {
  const positive = (n: number) => (n > 0 ? n : undefined);
  return {
    maxUsd: positive(settings['budget.usd']),
    maxTokens: positive(settings['budget.tokens']),
    maxMinutes: positive(settings['budget.minutes']),
  };
}
