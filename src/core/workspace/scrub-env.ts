/**
 * The environment commands run with: the host's, minus anything that is or
 * leads to a credential. Names and values are both checked, because secrets
 * hide under ordinary names (DATABASE_URL=postgres://user:pass@...) and
 * ordinary-looking values hide under secret names.
 */

// Names that say "secret" wherever they appear in the variable name.
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|AUTH|COOKIE|PRIVATE/i;

// Whole families of cloud and AI provider variables, and channels back into the editor
// or a credential helper (VS Code's git askpass, its IPC socket, ssh/gpg agents).
const SECRET_PREFIX = /^(ANTHROPIC_|CLAUDE_|OPENAI_|AWS_|AZURE_|GOOGLE_|GCLOUD_|GCP_|VSCODE_GIT_|VSCODE_IPC_HOOK|GPG_AGENT)/i;
const SECRET_EXACT = new Set(['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'NPM_TOKEN', 'GIT_ASKPASS', 'SSH_ASKPASS']);

// Well-known token shapes, whatever the variable is called.
const SECRET_VALUE = [
  /sk-ant-[A-Za-z0-9_-]{8,}/, // Anthropic
  /\bsk-[A-Za-z0-9_-]{20,}/, // OpenAI and others
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/, // GitHub
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API key
  /\bnpm_[A-Za-z0-9]{36}\b/, // npm
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // URL with user:password@
];

// The host process's own plumbing, not secrets but wrong inside a sandboxed command:
// NODE_TEST_CONTEXT makes a nested `node --test` skip every test and exit 0 (a false
// "verified"), the NODE_CHANNEL_* pair points at an IPC pipe the command doesn't own,
// and ELECTRON_RUN_AS_NODE changes what an Electron binary does.
const HOST_PLUMBING = new Set([
  'NODE_TEST_CONTEXT',
  'NODE_CHANNEL_FD',
  'NODE_CHANNEL_SERIALIZATION_MODE',
  'NODE_UNIQUE_ID',
  'ELECTRON_RUN_AS_NODE',
]);

/** Kept even if a rule above would match (none of them should; this is a guard for future rules). */
const ALWAYS_KEEP = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'TMPDIR', 'TEMP', 'TMP', 'TZ', 'PWD']);

/** Whether a variable must not reach a command the agent runs. */
export function isSecretEnvVar(name: string, value: string | undefined): boolean {
  if (ALWAYS_KEEP.has(name.toUpperCase()) || name.toUpperCase().startsWith('LC_')) return false;
  if (SECRET_EXACT.has(name.toUpperCase()) || SECRET_PREFIX.test(name) || SECRET_NAME.test(name)) return true;
  return value !== undefined && SECRET_VALUE.some((pattern) => pattern.test(value));
}

/** A copy of `env` without secrets, without the host's plumbing, and without undefined values. */
export function scrubEnv(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || HOST_PLUMBING.has(name) || isSecretEnvVar(name, value)) continue;
    clean[name] = value;
  }
  return clean;
}
