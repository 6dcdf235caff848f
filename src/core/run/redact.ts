/**
 * Secrets never reach the run record: the API key, GitHub tokens, and any
 * value the host passes in are replaced before anything is written. Known
 * token shapes are caught too, in case a secret arrives by another road
 * (a file the agent read, a command's output).
 */

const REDACTED = '[redacted]';
/** Shorter values would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;

const TOKEN_SHAPES: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
];

/** Names of environment variables whose values are secrets. */
export const SECRET_ENV_NAME = /(^|_)(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?|PRIVATE_KEY|AUTH)($|_)/i;

/** Secret values found in an environment (ANTHROPIC_API_KEY, GITHUB_TOKEN, *_TOKEN, ...). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => value !== undefined && SECRET_ENV_NAME.test(name))
    .map(([, value]) => value as string);
}

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
    return out;
  }

  /** A deep copy of a JSON-like value with every string redacted (keys too). */
  redactValue<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.walk(v)]));
    }
    return value;
  }
}
