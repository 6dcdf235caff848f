/**
 * The review panel's HTML shell: a strict CSP (nothing but our own script,
 * by nonce, and our own stylesheet), no remote resources, no inline code.
 * Pure, so the policy is unit-tested.
 */
export interface ReviewHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function reviewHtml(input: ReviewHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `style-src ${input.cspSource}`,
    `script-src 'nonce-${input.nonce}'`,
    `img-src ${input.cspSource} data:`,
    `font-src ${input.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Foreman: Review</title>
</head>
<body data-testid="review-panel">
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
