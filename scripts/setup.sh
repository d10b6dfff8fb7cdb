#!/usr/bin/env bash
# Idempotent set-up of everything the build and the tests need. Each step is skipped when it is
# already satisfied, printing "ok: X present" or "installing X".
#
#   scripts/setup.sh build   what building needs: wasm32 target, wasm-bindgen-cli (same version
#                            as Cargo.lock), trunk 0.21, npm packages (wasm-opt = npm binaryen@132)
#   scripts/setup.sh test    all of the above plus Debian's chromium and chromium-driver (default)
#   LAKELAB_SETUP=build scripts/setup.sh    same as the argument
#
# It changes nothing in the caller's environment; scripts source scripts/env.sh for PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

MODE="${1:-${LAKELAB_SETUP:-test}}"
case "$MODE" in
  build | test) ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

# `cargo install NAME --version V`, with --locked first and without it as a fallback (the
# registry mirror sometimes lacks the exact versions a crate's lockfile pins).
cargo_install() {
  local name="$1" version="$2"
  cargo install "$name" --version "$version" --locked || {
    echo "note: 'cargo install $name --locked' failed; retrying without --locked" >&2
    cargo install "$name" --version "$version"
  }
}

# 1. Rust target
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ok: rust target wasm32-unknown-unknown present"
else
  echo "installing rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy (used by scripts/test.sh)
if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
  echo "ok: rustfmt and clippy present"
else
  echo "installing rustfmt and clippy"
  rustup component add rustfmt clippy
fi

# 2. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
if [[ ! -f "$ROOT/Cargo.lock" ]]; then
  echo "installing Cargo.lock (cargo generate-lockfile; commit it)"
  (cd "$ROOT" && cargo generate-lockfile)
fi
WBG_VERSION="$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = / { name = $3 }
  /^version = / && name == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3; exit }
' "$ROOT/Cargo.lock")"
if [[ -z "$WBG_VERSION" ]]; then
  echo "error: no wasm-bindgen package in Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $WBG_VERSION"* ]] &&
  command -v wasm-bindgen-test-runner >/dev/null; then
  echo "ok: wasm-bindgen-cli $WBG_VERSION present"
else
  echo "installing wasm-bindgen-cli $WBG_VERSION (about 5 min)"
  cargo_install wasm-bindgen-cli "$WBG_VERSION"
fi

# 3. trunk 0.21.x (0.22 needs a newer rustc)
if [[ "$(trunk --version 2>/dev/null || true)" == "trunk 0.21."* ]]; then
  echo "ok: $(trunk --version) present"
else
  echo "installing trunk ~0.21 (about 10-15 min)"
  cargo_install trunk "~0.21"
fi

# 4. npm packages of tests/e2e: playwright-core, and binaryen@132 whose wasm-opt Trunk uses.
E2E="$ROOT/tests/e2e"
if ! command -v npm >/dev/null; then
  echo "error: npm not found (Node.js 20 is expected on the machine)" >&2
  exit 1
fi
if [[ ! -d "$E2E/node_modules" || "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]]; then
  echo "installing npm packages of tests/e2e (npm ci)"
  (cd "$E2E" && npm ci --no-audit --no-fund)
else
  echo "ok: npm packages of tests/e2e present"
fi
lakelab_check_wasm_opt
echo "ok: $(wasm-opt --version) present"

# 5. leptosfmt (formats view! macros; the test command's fmt stage checks it). Tests only.
if [[ "$MODE" == test ]]; then
  if [[ "$(leptosfmt --version 2>/dev/null || true)" == *"0.1.33"* ]]; then
    echo "ok: leptosfmt 0.1.33 present"
  else
    echo "installing leptosfmt 0.1.33 (about 2 min)"
    cargo_install leptosfmt 0.1.33
  fi
fi

# 6. Chromium and ChromeDriver from Debian (browser tests only). Never `playwright install`.
if [[ "$MODE" == test ]]; then
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    echo "ok: chromium and chromium-driver present"
  else
    echo "installing chromium and chromium-driver (apt-get, about 1-2 min)"
    SUDO=()
    if [[ "$(id -u)" -ne 0 ]]; then SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
fi
