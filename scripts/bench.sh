#!/usr/bin/env bash
# Benchmark of the release build. Prints ONE JSON object on stdout; all progress goes to stderr.
#
#   scripts/bench.sh                  BENCH_RUNS=9 scripts/bench.sh   (runs >= 5, default 7)
#   node tests/e2e/bench.mjs --dist dist-bench --only browser_serving   (one measurement, existing build)
#
# Sizes: the wasm module (wasm_raw_bytes / wasm_gzip_bytes, gzip level 9 via Python's gzip) and
# all JavaScript of the build except the service worker (js_raw_bytes). Timings: see
# tests/e2e/bench.mjs (list of measurements; first_render_ms for now). Engine workloads run
# natively from core/examples/ and appear under "native". The feature-store workloads also run
# in pandas (scripts/bench_pandas.py, under "pandas") when $PANDAS_PYTHON (default python3) has
# pandas; otherwise "pandas" says how to get it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

{
  "$ROOT/scripts/setup.sh" test
  # shellcheck source=scripts/env.sh
  source "$ROOT/scripts/env.sh"
  trunk build --release
  # Timings run on the bench build: the app plus the ?bench= workloads (sizes are the app's).
  trunk build --release --features bench --dist dist-bench
} >&2
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

SIZES="$(mktemp)"
trap 'rm -f "$SIZES"' EXIT
python3 - "$ROOT/dist" >"$SIZES" <<'PY'
import gzip, json, pathlib, sys
dist = pathlib.Path(sys.argv[1])
wasm = sorted(dist.glob("*.wasm"))
if len(wasm) != 1:
    sys.exit(f"expected one .wasm in {dist}, found {[p.name for p in wasm]}")
data = wasm[0].read_bytes()
js = [p for p in dist.rglob("*.js") if p.name != "sw.js"]
print(json.dumps({
    "wasm_raw_bytes": len(data),
    "wasm_gzip_bytes": len(gzip.compress(data, compresslevel=9)),
    "js_raw_bytes": sum(p.stat().st_size for p in js),
}))
PY
# Engine workloads, natively (release build of the core): see core/examples/bench_*.rs.
NATIVE="$(mktemp)"
trap 'rm -f "$SIZES" "$NATIVE"' EXIT
cargo run --release -q -p lakelab-core --example bench_tracking >"$NATIVE"
PANDAS="$(mktemp)"
trap 'rm -f "$SIZES" "$NATIVE" "$PANDAS"' EXIT
PANDAS_PYTHON="${PANDAS_PYTHON:-python3}"
if "$PANDAS_PYTHON" -c 'import pandas, numpy' 2>/dev/null; then
  "$PANDAS_PYTHON" "$ROOT/scripts/bench_pandas.py" >"$PANDAS"
else
  echo '"not run: pandas is not installed for '"$PANDAS_PYTHON"'; python3 -m venv /tmp/pd && /tmp/pd/bin/pip install pandas, then PANDAS_PYTHON=/tmp/pd/bin/python scripts/bench.sh"' >"$PANDAS"
fi
node "$ROOT/tests/e2e/bench.mjs" --dist dist-bench --sizes "$SIZES" --native "$NATIVE" --pandas "$PANDAS"
