/**
 * The REST base for an issue's host: github.com goes to the configured
 * `foreman.githubApiUrl` (https://api.github.com by default, a fake in tests),
 * an Enterprise host to its own https://host/api/v3.
 */
export function gitHubBaseUrl(host: string, configured: string): string {
  const h = host.toLowerCase();
  if (h === 'github.com' || h === 'www.github.com') return configured.replace(/\/+$/, '');
  return `https://${host}/api/v3`;
}
