#!/usr/bin/env bash
# Creates servers/django/.venv and installs servers/django/requirements.txt into it. Idempotent:
# when the venv exists and a stamp holds the hash of the requirements (and the Python version),
# it does nothing. Called by setup.sh; runnable alone: bash harness/setup/python-venv.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

DJANGO_DIR=servers/django
VENV="$DJANGO_DIR/.venv"
REQS="$DJANGO_DIR/requirements.txt"
UWSGI_REQS="$DJANGO_DIR/requirements-uwsgi.txt"
STAMP="$VENV/.asyncbench-stamp"

say() { printf '\033[1mpython-venv:\033[0m %s\n' "$*"; }
die() { printf 'python-venv: error: %s\n' "$*" >&2; exit 3; }

[ -f "$REQS" ] || die "$REQS is missing"

# Prefer the interpreter the requirements were pinned with (3.11); any python3 >= 3.10 works for Django 5.2.
PY=""
for candidate in "${ASYNCBENCH_PYTHON:-}" python3.11 python3; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    PY=$(command -v "$candidate"); break
  fi
done
[ -n "$PY" ] || die "no python3 >= 3.10 found. Install it (Debian: apt-get install python3 python3-venv), or point ASYNCBENCH_PYTHON at one"
"$PY" -c 'import venv, ensurepip' 2>/dev/null \
  || die "$PY has no working venv module. Install it (Debian: apt-get install python3-venv)"

want="$(cat "$REQS" "$UWSGI_REQS" | sha256sum | cut -d' ' -f1) $("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  say "servers/django/.venv up to date"
  exit 0
fi

# A venv made by another Python minor version cannot be upgraded in place: start over.
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then rm -rf "$VENV"; fi
if [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "${want#* }" ]; then
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV with $PY ($("$PY" --version 2>&1))"
  "$PY" -m venv "$VENV" || die "python -m venv failed. On Debian: apt-get install python3-venv"
fi

say "installing $REQS (a minute the first time)"
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet --upgrade pip
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQS" \
  || die "pip install -r $REQS failed (see above). Check network access to the package index"
"$VENV/bin/python" -c 'import django, gunicorn, uvicorn, uvicorn_worker, psycopg, psycopg_pool, locust, hdrh.histogram' \
  || die "the venv's packages do not import after installing; remove $VENV and run again"
# uWSGI compiles from source; only the django-uwsgi target needs it, so a failed build leaves that
# target out (the run's preflight names it) and the next setup tries again (no stamp).
if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$UWSGI_REQS"; then
  say "uWSGI did not build (above): the django-uwsgi target is unavailable. It needs a C compiler and Python's headers (Debian: apt-get install build-essential python3-dev); run setup again after installing them"
  exit 0
fi
echo "$want" > "$STAMP"
say "done: $("$VENV/bin/python" -c 'import django; print("Django", django.get_version())')"
