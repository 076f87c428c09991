#!/usr/bin/env bash
# `npm run setup`: installs everything asyncbench needs on a fresh Debian machine. Safe to run
# again: each step checks first and does nothing when it is already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 3; }

# 1. Debian packages: node-canvas builds against cairo/pango/jpeg/gif/rsvg when no prebuilt binary
#    can be downloaded; chromium checks the HTML report in a real browser; postgresql gives the
#    harness's throwaway cluster its binaries (harness/database/postgres.ts runs its own, on a free
#    loopback port, never the package's service), so the PostgreSQL tests run, not skip, in CI;
#    nginx-light with the echo module and wrk are fixtures for the load-generator tests;
#    libsqlite3-dev has the header the async Node server's sleep() extension builds against;
#    python3-dev has the headers uWSGI (the django-uwsgi target) compiles against.
APT_PACKAGES=(build-essential pkg-config python3 python3-dev libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev chromium
  postgresql nginx-light libnginx-mod-http-echo wrk libsqlite3-dev)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
    fi
  fi
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi

# 2. Node dependencies. Native modules (canvas, better-sqlite3, sqlite3) compile here when their prebuilt
#    binaries cannot be fetched; point node-gyp at the installed headers instead of downloading them.
command -v node >/dev/null 2>&1 || die "node is not installed (Node.js >= 20.19 is required)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: asyncbench needs >= 20.19"
if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.asyncbench-stamp ] && [ "$(cat node_modules/.asyncbench-stamp)" = "$lock_sum" ]; then
  say "node_modules up to date"
else
  say "npm ci (builds canvas, better-sqlite3 and sqlite3; a few minutes the first time)"
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('canvas'); require('better-sqlite3'); require('sqlite3')" || die "native modules failed to load after npm ci"
  echo "$lock_sum" > node_modules/.asyncbench-stamp
fi

# 3. The Django servers' Python venv.
bash harness/setup/python-venv.sh

# 4. The compiled harness in dist/: the npm scripts and the asyncbench bin run it (tests run the
#    sources under tsx). Rebuilds only when a source is newer than the last build.
say "build: dist/ (tsc -p tsconfig.build.json)"
node harness/build/ensure-built.mjs || die "the build failed (above)"

# 5. The async Node server's SQLite sleep() extension (servers/node/db/sqlite-sleep.c), built now so
#    a missing compiler or header shows here; the server would build it on first use otherwise.
node --input-type=module -e "import('./dist/servers/node/db/sqlite-sleep.js').then((m) => console.log('setup: sqlite sleep() extension: ' + m.sleepExtension()))" \
  || die "the SQLite sleep() extension did not build (above)"

say "done. Next: npm run bench (or npm run bench -- --quick for a smoke run)"
