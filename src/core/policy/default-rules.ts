/**
 * Built-in rules, used when the settings give none. Allowed: commands that
 * only read, and the usual test/build/typecheck commands (they run in the
 * sandbox, a scratch copy). Denied: what can reach outside the sandbox or
 * do lasting damage. Everything else asks the user.
 */

export const DEFAULT_ALLOW: readonly string[] = [
  // read-only inspection
  'ls', 'cat', 'head', 'tail', 'wc', 'pwd', 'echo', 'true', 'false', 'test', 'grep', 'rg', 'diff', 'cmp',
  'sort', 'uniq', 'cut', 'tr', 'basename', 'dirname', 'realpath', 'stat', 'file', 'which', 'tree',
  'git status', 'git diff', 'git log', 'git show', 'git ls-files', 'git grep', 'git blame', 'git rev-parse',
  'git branch --show-current',
  // tests, builds, typechecks
  'npm test', 'npm run test', 'npm run build', 'npm run lint', 'npm run typecheck', 'npm run check', 'npm ls',
  'npx tsc', 'npx jest', 'npx vitest', 'npx mocha', 'npx eslint', 'npx prettier --check',
  'yarn test', 'pnpm test', 'node --test', 'node --check', 'tsc', 'jest', 'vitest', 'mocha',
  'pytest', 'python -m pytest', 'python3 -m pytest', 'python -m unittest', 'python3 -m unittest',
  'cargo test', 'cargo check', 'cargo build', 'cargo clippy', 'go test', 'go build', 'go vet',
  'make test', 'make check', 'mvn test', 'gradle test', './gradlew test', 'dotnet test', 'bundle exec rspec', 'rspec',
];

const FETCHERS = ['curl', 'wget', 'fetch'];
const INTERPRETERS = ['sh', 'bash', 'zsh', 'dash', 'ksh', 'python', 'python3', 'node', 'perl', 'ruby', 'php'];

export const DEFAULT_DENY: readonly string[] = [
  'rm -rf /', 'rm -rf /*', 'rm -rf ~', 'rm -rf ~/*', 'rm -rf .git', 'rm -r /',
  'sudo', 'su', 'doas', 'pkexec',
  'mkfs', 'dd', 'shutdown', 'reboot', 'halt', 'poweroff', 'chown', 'chmod -R 777',
  'git push', 'git remote add', 'git remote set-url', 'git config --global', 'git credential',
  'npm publish', 'npm adduser', 'npm login', 'npm token', 'yarn publish', 'pnpm publish', 'cargo publish', 'twine upload', 'gh',
  'ssh', 'scp', 'sftp', 'rsync', 'nc', 'ncat', 'netcat', 'telnet', 'socat',
  'rg --pre',
  ...FETCHERS.flatMap((fetcher) => INTERPRETERS.map((shell) => `${fetcher} | ${shell}`)),
];
