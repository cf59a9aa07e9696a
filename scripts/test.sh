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
#    lint:       cargo clippy over core, CLI and app, every warning an error
#    readers:    tests/python/check_readers.py: every export of a set of hand-written and
#                generated documents, read by spaCy, `spacy convert`, seqeval (strict),
#                label-studio-converter, and checked against brat's rule
# 2. components: cargo test -p tagmark-app --target wasm32-unknown-unknown --tests
#                (tests/*.rs, #[wasm_bindgen_test] in Chromium via wasm-bindgen-test-runner;
#                skipped when tests/ has no .rs file)
# 3. the first command: scripts/setup.sh, started in the background on a free port as a user would
#                run it, must build and serve the app: Chromium opens the page and renders the example
#                (scripts/check_served.mjs); then it is stopped by its process group and the port
#                checked free. This also does the release build that stage 4 reuses.
# 4. release:    trunk build --release, then the sizes of dist/ (scripts/size.mjs; figures only,
#                but it fails if a test hook is in it); then the e2e build with the test-hooks
#                feature into target/dist-test
# 5. end-to-end: npx playwright test (e2e/*.spec.js; Playwright serves target/dist-test/ with python3 on
#                127.0.0.1:${E2E_PORT:-8765})
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

# TEST_ONLY=3 scripts/test.sh runs only the stages whose names start with "3" (for working on one).
TEST_ONLY="${TEST_ONLY:-}"
# run_stage NAME COMMAND...: announce, time, and stop the whole run on failure.
run_stage() {
  local name="$1"; shift
  if [ -n "$TEST_ONLY" ] && [ "${name#"$TEST_ONLY"}" = "$name" ]; then
    SUMMARY+=("$(printf '%-46s skipped (TEST_ONLY=%s)' "$name" "$TEST_ONLY")")
    return 0
  fi
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

# ---- stage 1c: clippy over the core, the CLI and the app (wasm32, with the test hooks and the
# component tests), every warning an error
lint() {
  cargo clippy --locked --offline -p tagmark-core -p tagmark-cli --all-targets -- -D warnings &&
    cargo clippy --locked --offline -p tagmark-app --target wasm32-unknown-unknown --features test-hooks --tests -- -D warnings
}

# ---- stage 3: the first command, as a user runs it
# A free port on 127.0.0.1, from the kernel.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Whether a server could bind the port now (SO_REUSEADDR, as servers set it).
port_is_free() {
  python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}
FIRST_CMD_PGID=""
# Stops every process of the group (setup.sh execs trunk serve, which runs cargo, wasm-opt, ...).
stop_first_command() {
  local pgid="$1" i
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  wait "$pgid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 -- "-$pgid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 -- "-$pgid" 2>/dev/null; then
    echo "process group $pgid still running after SIGTERM; sending SIGKILL"
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  FIRST_CMD_PGID=""
}
trap 'stop_first_command "$FIRST_CMD_PGID"' EXIT
first_command() {
  local port log pid pgid rc=0
  port="$(free_port)" || return
  log="target/first-command.log"
  echo "starting 'scripts/setup.sh --port $port' in the background, in its own process group (output: $log)"
  setsid bash scripts/setup.sh --port "$port" >"$log" 2>&1 </dev/null &
  pid=$!
  FIRST_CMD_PGID="$pid"
  pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
  if [ "$pgid" != "$pid" ]; then
    echo "setup.sh (pid $pid) is not the leader of its own process group (pgid '$pgid')" >&2
    rc=1
  else
    node scripts/check_served.mjs "http://127.0.0.1:$port/" "$pid" 1500 || rc=$?
  fi
  echo "stopping setup.sh's process group $pid"
  stop_first_command "$pid"
  if kill -0 -- "-$pid" 2>/dev/null; then
    echo "processes of setup.sh's group are still running: $(ps -o pid=,args= -g "$pid" | tr '\n' ';')" >&2
    rc=1
  elif ! port_is_free "$port"; then
    echo "port $port is still in use after setup.sh was stopped" >&2
    rc=1
  else
    echo "setup.sh and trunk are gone; port $port is free"
  fi
  if [ "$rc" -ne 0 ]; then
    echo "---- scripts/setup.sh output ($log) ----"; cat "$log"; echo "----"
  else
    echo "---- the last lines of scripts/setup.sh's output ----"; tail -n 12 "$log"
  fi
  return "$rc"
}

# ---- stage 5: Playwright serves dist/ on E2E_PORT. Under CI a server already there is an error
# (playwright.config.js), which Playwright reports only as "webServer was not able to start": say which.
e2e_tests() {
  if [ -n "${CI:-}" ] && ! port_is_free "$E2E_PORT"; then
    echo "port $E2E_PORT is already in use (by: $(ss -ltnpH "sport = :$E2E_PORT" 2>/dev/null | sed 's/.*users://' || echo 'unknown')): stop it, or set E2E_PORT to a free port" >&2
    return 1
  fi
  npx --no-install playwright test
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
run_stage "1c. lint (cargo clippy: every warning is an error)" lint

# --tests: the test targets only (no doctests, which would also be cross-run on wasm32).
if have_files 'tests/*.rs'; then
  run_stage "2. component tests (wasm32, Chromium)" \
    cargo test --locked --offline -p tagmark-app --target wasm32-unknown-unknown --tests --features test-hooks
else
  skip_stage "2. component tests (wasm32, Chromium)" "no tests/*.rs yet"
fi

run_stage "3. the first command (scripts/setup.sh serves the app)" first_command

# The shipped build, as README says to make it (cargo is up to date after stage 3, so this is
# wasm-bindgen and wasm-opt only).
run_stage "4a. trunk build --release" trunk build --release
[ -f dist/index.html ] || { echo "!!! FAILED: trunk build left no dist/index.html" >&2; exit 1; }
run_stage "4b. sizes of dist/ (figures; fails on a test hook in it)" node scripts/size.mjs dist
# The e2e tests drive the app through window.__tagmark_* hooks, which only a build with the
# test-hooks feature has: it goes to target/dist-test, apart from the shipped dist/.
run_stage "4c. trunk build --release --features test-hooks (for e2e)" \
  trunk build --release --features test-hooks --dist target/dist-test
export E2E_DIST=target/dist-test

if have_files 'e2e/*.spec.js'; then
  run_stage "5. end-to-end tests (Playwright, Chromium)" e2e_tests
else
  skip_stage "5. end-to-end tests (Playwright, Chromium)" "no e2e/*.spec.js yet"
fi

banner "all stages passed"
print_summary
if have_files 'target/screenshots/*.png'; then
  printf 'screenshots: %s\n' "$(ls target/screenshots/*.png | tr '\n' ' ')"
fi
