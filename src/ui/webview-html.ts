import { randomBytes } from 'node:crypto';

/**
 * The HTML shell of every Foreman webview: a strict CSP (nothing but our own
 * script, by nonce, and our own stylesheet and fonts), no remote resources,
 * no inline code. Pure (no vscode import), so the policy is unit-tested.
 */
export interface WebviewHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh for every shell: see newNonce. */
  nonce: string;
  /** `webview.asWebviewUri(...)` of the bundled script and the stylesheet, as strings. */
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Attributes of <body> (data-testid, say); values are escaped. */
  bodyAttributes?: Record<string, string>;
  /** Our own static markup placed before the script; never text from a model or a user. */
  bodyHtml?: string;
}

/** A nonce for one webview shell: 128 random bits. */
export const newNonce = (): string => randomBytes(16).toString('base64');

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function webviewHtml(input: WebviewHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource}`,
  ].join('; ');
  const bodyAttributes = Object.entries(input.bodyAttributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>${escapeText(input.title)}</title>
</head>
<body${bodyAttributes}>
${input.bodyHtml ? `${input.bodyHtml}\n` : ''}<script nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
