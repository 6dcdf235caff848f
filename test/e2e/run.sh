#!/usr/bin/env bash
# `npm run test:e2e`: the packaged extension in a real VS Code (code-server), driven by
# playwright-core in Debian's Chromium. Sets up what it needs (setup.sh, cached), packages
# foreman.vsix, then runs the scenarios one at a time under node's test runner.
#
#   npm run test:e2e                      all scenarios
#   npm run test:e2e -- 07 02             only the scenarios whose file name contains 07 or 02
#
# Environment: FOREMAN_E2E_CACHE (harness cache root, default ~/.cache/foreman-e2e),
# FOREMAN_E2E_TIMEOUT (seconds for the whole scenario run, default 840),
# FOREMAN_E2E_SKIP_PACKAGE=1 (use the existing foreman.vsix).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

t=$(now)
harness="$(bash test/e2e/setup.sh | tail -n 1)"
echo "e2e.setup_s: $(elapsed "$t")"

mkdir -p test/e2e/artifacts
if [ "${FOREMAN_E2E_SKIP_PACKAGE:-}" != "1" ] || [ ! -f foreman.vsix ]; then
  t=$(now)
  npm run --silent package >test/e2e/artifacts/package.log 2>&1 || { tail -40 test/e2e/artifacts/package.log; echo "npm run package failed"; exit 1; }
  echo "e2e.package_s: $(elapsed "$t")"
fi
[ -f foreman.vsix ] || { echo "npm run package produced no foreman.vsix"; exit 1; }

files=()
for f in test/e2e/scenarios/*.test.ts; do
  if [ $# -eq 0 ]; then files+=("$f"); continue; fi
  for want in "$@"; do case "$(basename "$f")" in *"$want"*) files+=("$f"); break ;; esac; done
done
[ ${#files[@]} -gt 0 ] || { echo "no scenario matches: $*"; exit 1; }

export FOREMAN_E2E_HARNESS="$harness"
status=0
# One scenario at a time (code-server + Chromium fill two cores); a global limit on top of
# each test's own timeout. The test process kills what it started (process groups) on exit.
timeout --kill-after=30 "${FOREMAN_E2E_TIMEOUT:-840}" \
  node --import tsx --test --test-concurrency=1 "${files[@]}" || status=$?
[ "$status" -eq 124 ] && echo "e2e: global timeout (${FOREMAN_E2E_TIMEOUT:-840} s) reached"
echo "e2e.total_s: $(elapsed "$t0")"
exit "$status"
