# shellcheck shell=bash
# Sourced by the other scripts (and usable by hand: `source scripts/env.sh`).
# Puts cargo-installed tools (trunk, wasm-bindgen) and the npm tools of tests/e2e (wasm-opt from
# npm binaryen 132) first on PATH, and refuses any other wasm-opt: Debian's binaryen 108 produces
# a broken app (blank page, WebAssembly.Table.set() TypeError).

LAKELAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LAKELAB_ROOT
export PATH="$LAKELAB_ROOT/tests/e2e/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Succeeds when the wasm-opt on PATH is binaryen version 132.
lakelab_check_wasm_opt() {
  local v
  if ! v="$(wasm-opt --version 2>/dev/null)"; then
    echo "error: wasm-opt not found; run scripts/setup.sh build (installs npm binaryen@132)" >&2
    return 1
  fi
  if [[ "$v" != *"version 132"* ]]; then
    echo "error: wasm-opt on PATH is '$v' ($(command -v wasm-opt)); need binaryen 132 from npm" >&2
    return 1
  fi
}

# Check now if the npm tools are installed; before setup has run there is nothing to check yet.
if [[ -x "$LAKELAB_ROOT/tests/e2e/node_modules/.bin/wasm-opt" ]]; then
  lakelab_check_wasm_opt || return 1
fi
