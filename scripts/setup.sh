#!/usr/bin/env bash
# tagmark: fresh machine -> everything needed to build and serve the app.
#
#   scripts/setup.sh               install what is missing, build, then serve the app
#                                  on http://127.0.0.1:8765/ (trunk serve --release)
#   scripts/setup.sh --port 9000   the same on another port (or E2E_PORT=9000 scripts/setup.sh)
#   scripts/setup.sh --no-serve    install what is missing and stop (scripts/test.sh uses this)
#
# Idempotent: every tool that is already installed at the right version is skipped, so running it
# again goes straight to building and serving. What it installs, and why these versions:
#   - Rust 1.95.0 with the wasm32-unknown-unknown target, as rust-toolchain.toml pins it
#   - trunk 0.21.14 (cargo install --locked; 0.22 needs a newer rustc)             ~12 min on 2 cores
#   - wasm-bindgen-cli = the `wasm-bindgen` version in Cargo.lock (--locked fails
#     for 0.2.130 because of a yanked dependency, so we fall back to no --locked)  ~4 min
#   - npm ci: binaryen@132 (node_modules/.bin/wasm-opt; Debian's binaryen 108 emits
#     a broken wasm) and Playwright (no browser download: Debian's chromium is used)
#   - cargo fetch --locked (Trunk.toml has offline = true, so trunk builds with --offline)
# Serving: the release wasm is built with cargo first, in the open (1-2 minutes the first time,
# with cargo's progress), then `trunk serve` runs wasm-bindgen and wasm-opt and serves dist/.
# Runs as root as it is; as another user it uses sudo for apt-get only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
PORT="${E2E_PORT:-8765}"
SERVE=1

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-serve) SERVE=0 ;;
    --port) [ "$#" -ge 2 ] || { echo "setup.sh: --port needs a number" >&2; usage >&2; exit 2; }
            PORT="$2"; shift ;;
    --port=*) PORT="${1#--port=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$PORT" in
  ''|*[!0-9]*) echo "setup.sh: the port must be a number from 1 to 65535, not '$PORT'" >&2; exit 2 ;;
esac
if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  echo "setup.sh: the port must be a number from 1 to 65535, not '$PORT'" >&2; exit 2
fi

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/node_modules/.bin:$CARGO_BIN:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# Playwright is used with /usr/bin/chromium; never let npm try to fetch browser builds.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '==> %s\n' "$*"; }
die() { printf 'setup.sh: ERROR: %s\n' "$*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these by hand: $*"
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}
# Seconds since $1 (from `date +%s`), as "Xm Ys".
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm %02ds' $((s / 60)) $((s % 60)); }

# Another `cargo install` of the same tool (e.g. started by hand in the background) would race
# with ours and double the build time: wait for it instead.
wait_for_other_install() {
  command -v pgrep >/dev/null 2>&1 || return 0
  local crate="$1" waited=0
  while pgrep -f "(^|/)cargo install( .*)? $crate( |\$)" >/dev/null 2>&1; do
    [ "$waited" -eq 0 ] && say "another 'cargo install $crate' is running; waiting for it to finish…"
    waited=1
    sleep 10
  done
}

# The version of package $1 in Cargo.lock ("" if absent).
lock_version() {
  awk -v name="$1" '
    $0 == "[[package]]" { in_pkg = 1; found = 0; next }
    in_pkg && $0 == ("name = \"" name "\"") { found = 1; next }
    in_pkg && found && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock
}

START=$(date +%s)

# ---------------------------------------------------------------- prerequisites
say "checking prerequisites (cargo, rustup, node, npm, python3, a C compiler)"
command -v cargo >/dev/null 2>&1 || die "cargo not found (expected rustup's toolchain in $CARGO_BIN)"
command -v rustup >/dev/null 2>&1 || die "rustup not found (needed for the wasm32-unknown-unknown target)"
missing_pkgs=()
command -v node >/dev/null 2>&1 || missing_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || missing_pkgs+=(npm)
command -v python3 >/dev/null 2>&1 || missing_pkgs+=(python3)
command -v cc >/dev/null 2>&1 || missing_pkgs+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing_pkgs+=(pkg-config)
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  apt_install "${missing_pkgs[@]}"
fi
echo "    node $(node --version); npm $(npm --version); $(python3 --version)"

# ---------------------------------------------------------------- rust toolchain + target
# rustup reads rust-toolchain.toml in this folder: every cargo call below uses that version.
RUST_CHANNEL="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
[ -n "$RUST_CHANNEL" ] || die "rust-toolchain.toml has no channel = \"…\" line"
HOST_TRIPLE="$(rustup show 2>/dev/null | sed -n 's/^Default host: //p')"
RUSTUP_DIR="${RUSTUP_HOME:-$HOME/.rustup}"
if rustup toolchain list | grep -q "^$RUST_CHANNEL-"; then
  say "Rust $RUST_CHANNEL (rust-toolchain.toml): installed"
elif [ -n "$HOST_TRIPLE" ] && [ -d "$RUSTUP_DIR/toolchains/stable-$HOST_TRIPLE" ] \
     && rustup run stable rustc --version 2>/dev/null | grep -q "^rustc $RUST_CHANNEL "; then
  # The installed stable toolchain is this very version: name it so instead of downloading it again.
  say "Rust $RUST_CHANNEL (rust-toolchain.toml) is the installed stable toolchain: linking it as $RUST_CHANNEL-$HOST_TRIPLE"
  ln -s "$RUSTUP_DIR/toolchains/stable-$HOST_TRIPLE" "$RUSTUP_DIR/toolchains/$RUST_CHANNEL-$HOST_TRIPLE"
else
  say "installing Rust $RUST_CHANNEL, which rust-toolchain.toml pins (a download of about 200 MB)…"
  rustup toolchain install "$RUST_CHANNEL" --profile minimal --target wasm32-unknown-unknown
fi
if rustup target list --installed --toolchain "$RUST_CHANNEL" | grep -qx 'wasm32-unknown-unknown'; then
  say "rustup target wasm32-unknown-unknown: installed"
else
  say "installing rustup target wasm32-unknown-unknown for Rust $RUST_CHANNEL"
  rustup target add --toolchain "$RUST_CHANNEL" wasm32-unknown-unknown
fi
echo "    $(rustc --version)"

# ---------------------------------------------------------------- trunk
trunk_installed_version() { trunk --version 2>/dev/null | awk '{print $2}'; }
wait_for_other_install trunk
if [ "$(trunk_installed_version)" = "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: installed"
else
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)…"
  t=$(date +%s)
  cargo install trunk --version "$TRUNK_VERSION" --locked
  [ "$(trunk_installed_version)" = "$TRUNK_VERSION" ] \
    || die "trunk --version says '$(trunk --version 2>&1)', expected $TRUNK_VERSION (is another trunk earlier on PATH?)"
  say "trunk $TRUNK_VERSION installed in $(elapsed "$t")"
fi

# ---------------------------------------------------------------- wasm-bindgen-cli
WBG_VERSION="$(lock_version wasm-bindgen)"
[ -n "$WBG_VERSION" ] || die "no wasm-bindgen package in Cargo.lock"
wbg_installed_version() { wasm-bindgen --version 2>/dev/null | awk '{print $2}'; }
wait_for_other_install wasm-bindgen-cli
if [ "$(wbg_installed_version)" = "$WBG_VERSION" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "wasm-bindgen-cli $WBG_VERSION (= Cargo.lock): installed"
else
  say "installing wasm-bindgen-cli $WBG_VERSION (= Cargo.lock; about 4 minutes on 2 cores)…"
  t=$(date +%s)
  if ! cargo install wasm-bindgen-cli --version "$WBG_VERSION" --locked; then
    say "'cargo install --locked' failed (its lockfile pins a yanked crate); retrying without --locked"
    cargo install wasm-bindgen-cli --version "$WBG_VERSION"
  fi
  [ "$(wbg_installed_version)" = "$WBG_VERSION" ] \
    || die "wasm-bindgen --version says '$(wasm-bindgen --version 2>&1)', expected $WBG_VERSION"
  say "wasm-bindgen-cli $WBG_VERSION installed in $(elapsed "$t")"
fi

# ---------------------------------------------------------------- npm (binaryen, Playwright)
# node_modules is stale when npm's record of what it installed (node_modules/.package-lock.json)
# is missing or older than package.json / package-lock.json.
npm_stale() {
  local rec=node_modules/.package-lock.json
  [ -f "$rec" ] || return 0
  [ -x node_modules/.bin/wasm-opt ] || return 0
  [ package.json -nt "$rec" ] && return 0
  [ -f package-lock.json ] && [ package-lock.json -nt "$rec" ] && return 0
  return 1
}
if npm_stale; then
  if [ -f package-lock.json ]; then
    say "npm ci (binaryen $BINARYEN_VERSION for wasm-opt, Playwright; a few seconds)"
    npm ci --no-audit --no-fund
  else
    say "npm install (no package-lock.json yet)"
    npm install --no-audit --no-fund
  fi
else
  say "node_modules: up to date"
fi
wasm_opt_version="$(wasm-opt --version 2>/dev/null || true)"
case "$wasm_opt_version" in
  *"(version_$BINARYEN_VERSION)"*) say "wasm-opt: $wasm_opt_version ($(command -v wasm-opt))" ;;
  *) die "wasm-opt on PATH is '$wasm_opt_version' ($(command -v wasm-opt || echo none)); expected version_$BINARYEN_VERSION from node_modules/.bin (npm binaryen@$BINARYEN_VERSION.0.0)" ;;
esac

# ---------------------------------------------------------------- crates
say "cargo fetch --locked (trunk builds offline)"
cargo fetch --locked

say "toolchain ready in $(elapsed "$START")"
if [ "$SERVE" -eq 0 ]; then
  exit 0
fi

# ---------------------------------------------------------------- serve
[ -f Trunk.toml ] && [ -f index.html ] || die "Trunk.toml or index.html missing: nothing to serve yet"

# A busy port would make trunk fail only after the build; say so now.
port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}
port_free "$PORT" || die "port $PORT on 127.0.0.1 is in use (another server?); pick a free one: scripts/setup.sh --port 9000"

# The release build, in the open: cargo prints what it compiles. trunk would run the same cargo
# command silently (1-2 minutes the first time); after this it finds everything up to date.
say "building the app: cargo build --release --target wasm32-unknown-unknown (1–2 minutes the first time)"
t=$(date +%s)
cargo build --release --target wasm32-unknown-unknown --bin tagmark-app --locked --offline
say "app built in $(elapsed "$t"); trunk now runs wasm-bindgen and wasm-opt (10–30 s), then serves it"
say "trunk serve --release on http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
exec trunk serve --release --address 127.0.0.1 --port "$PORT"
