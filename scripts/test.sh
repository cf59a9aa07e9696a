#!/usr/bin/env bash
# tagmark: every test, from a fresh machine or clone.
#
#   scripts/test.sh
#
# 0. installs Chromium + ChromeDriver from Debian if missing, then `scripts/setup.sh --no-serve`
#    (trunk, wasm-bindgen-cli, npm packages, cargo fetch; each skipped when already installed)
#    and the format owners' Python readers into target/pyenv (tests/python/requirements.txt:
#    spaCy, seqeval, label-studio-converter from PyPI; skipped when already installed)
# 1. native:     cargo test -p tagmark-core -p tagmark-cli   (unit, property and CLI tests)
#    readers:    tests/python/check_readers.py: every export of a set of hand-written and
#                generated documents, read by spaCy, `spacy convert`, seqeval (strict),
#                label-studio-converter, and checked against brat's rule
# 2. components: cargo test -p tagmark-app --target wasm32-unknown-unknown --tests
#                (tests/*.rs, #[wasm_bindgen_test] in Chromium via wasm-bindgen-test-runner;
#                skipped when tests/ has no .rs file)
# 3. end-to-end: trunk build --release, then npx playwright test (e2e/*.spec.js; Playwright serves
#                dist/ with python3 on 127.0.0.1:${E2E_PORT:-8765})
# Screenshots land in target/screenshots/. Each stage is announced and timed; the first failing
# stage stops the run with a message naming it. Runs as root as it is; otherwise uses sudo for apt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export E2E_PORT="${E2E_PORT:-8765}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Chromium + a wasm test binary on a loaded 2-core machine can exceed the runner's 20 s default.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-90}"

START=$(date +%s)
SUMMARY=()

fmt_secs() { printf '%dm %02ds' $(($1 / 60)) $(($1 % 60)); }
banner() { printf '\n==================== %s ====================\n' "$*"; }

# run_stage NAME COMMAND...: announce, time, and stop the whole run on failure.
run_stage() {
  local name="$1"; shift
  banner "$name"
  printf '$ %s\n' "$*"
  local t rc=0
  t=$(date +%s)
  "$@" || rc=$?
  local took=$(( $(date +%s) - t ))
  if [ "$rc" -ne 0 ]; then
    printf '\n!!! FAILED: %s (exit %d, after %s)\n!!! command: %s\n' "$name" "$rc" "$(fmt_secs "$took")" "$*" >&2
    print_summary >&2
    exit "$rc"
  fi
  SUMMARY+=("$(printf '%-46s %s' "$name" "$(fmt_secs "$took")")")
  printf -- '--- %s: ok in %s\n' "$name" "$(fmt_secs "$took")"
}
skip_stage() {
  banner "$1"
  printf 'SKIPPED: %s\n' "$2"
  SUMMARY+=("$(printf '%-46s skipped (%s)' "$1" "$2")")
}
print_summary() {
  printf '\nstage summary:\n'
  local line
  for line in "${SUMMARY[@]}"; do printf '  %s\n' "$line"; done
  printf '  %-46s %s\n' "total" "$(fmt_secs $(( $(date +%s) - START )))"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "test.sh: need root (or sudo) to run: $*" >&2; return 1
  fi
}
install_browsers() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium and chromedriver: installed ($(/usr/bin/chromedriver --version 2>/dev/null | head -n1))"
    return 0
  fi
  echo "installing Debian's chromium + chromium-driver (about 1 minute)…"
  # (run_stage calls this under `||`, where set -e is off: check each step)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver || return
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
    || { echo "chromium-driver installed but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2; return 1; }
}

have_files() { compgen -G "$1" >/dev/null; }

# The format owners' readers, in a venv of their own (never in the system Python).
READERS_VENV="$ROOT/target/pyenv"
READERS_REQ="$ROOT/tests/python/requirements.txt"
install_readers() {
  if [ -x "$READERS_VENV/bin/python" ] && cmp -s "$READERS_REQ" "$READERS_VENV/tagmark-requirements.txt"; then
    echo "python readers: installed in target/pyenv ($(tr '\n' ' ' < <(grep -v '^#' "$READERS_REQ")))"
    return 0
  fi
  command -v python3 >/dev/null 2>&1 || { echo "python3 is needed for the reader tests: install Debian's python3" >&2; return 1; }
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    echo "installing Debian's python3-venv (python3 -m venv needs it)…"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv || return
  fi
  echo "making target/pyenv and installing $(grep -v '^#' "$READERS_REQ" | tr '\n' ' ')from PyPI (about 1 minute)…"
  rm -rf "$READERS_VENV"
  python3 -m venv "$READERS_VENV" || return
  "$READERS_VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$READERS_REQ" || return
  cp "$READERS_REQ" "$READERS_VENV/tagmark-requirements.txt"
  "$READERS_VENV/bin/python" -m pip list --disable-pip-version-check 2>/dev/null | grep -iE '^(spacy|seqeval|label-studio-converter) '
}
check_readers() {
  cargo build --locked --offline -q -p tagmark-cli || return
  "$READERS_VENV/bin/python" tests/python/check_readers.py --tagmark "${CARGO_TARGET_DIR:-$ROOT/target}/debug/tagmark" --docs "${READERS_DOCS:-300}"
}

mkdir -p target/screenshots

run_stage "0a. browsers (chromium, chromedriver)" install_browsers
run_stage "0b. toolchain (scripts/setup.sh --no-serve)" bash scripts/setup.sh --no-serve
run_stage "0c. format owners' readers (target/pyenv)" install_readers

# crates/cli/tests/python_readers.rs runs a short check_readers.py with target/pyenv (TAGMARK_READERS_PYTHON).
export TAGMARK_READERS_PYTHON="$READERS_VENV/bin/python"
run_stage "1. native tests (tagmark-core, tagmark-cli)" \
  cargo test --locked --offline -p tagmark-core -p tagmark-cli
run_stage "1b. exports read by the owners' readers (Python)" check_readers

# --tests: the test targets only (no doctests, which would also be cross-run on wasm32).
if have_files 'tests/*.rs'; then
  run_stage "2. component tests (wasm32, Chromium)" \
    cargo test --locked --offline -p tagmark-app --target wasm32-unknown-unknown --tests
else
  skip_stage "2. component tests (wasm32, Chromium)" "no tests/*.rs yet"
fi

run_stage "3a. trunk build --release" trunk build --release
[ -f dist/index.html ] || { echo "!!! FAILED: trunk build left no dist/index.html" >&2; exit 1; }

if have_files 'e2e/*.spec.js'; then
  run_stage "3b. end-to-end tests (Playwright, Chromium)" npx --no-install playwright test
else
  skip_stage "3b. end-to-end tests (Playwright, Chromium)" "no e2e/*.spec.js yet"
fi

banner "all stages passed"
print_summary
if have_files 'target/screenshots/*.png'; then
  printf 'screenshots: %s\n' "$(ls target/screenshots/*.png | tr '\n' ' ')"
fi
