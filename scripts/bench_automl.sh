#!/usr/bin/env bash
# The AutoML benchmark: prints ONE JSON object on stdout ({machine, native, browser, flaml});
# progress goes to stderr. Speed is measured here, never in tests.
#
#   scripts/bench_automl.sh                                   all datasets, budgets 5, 15, 60 s
#   BENCH_DATASETS=iris,wine BENCH_BUDGETS=5 scripts/bench_automl.sh          a quick run
#   BENCH_PYTHON=/tmp/skenv/bin/python scripts/bench_automl.sh                with FLAML
#   BENCH_SKIP=browser scripts/bench_automl.sh        skip any of native, browser, flaml (comma list)
#
# native: core/examples/bench_automl.rs (release). browser: the release wasm in headless
# Chromium, ?bench=automl (tests/e2e/bench_automl.mjs; builds with trunk first). flaml:
# scripts/bench_automl.py with $BENCH_PYTHON (default python3) on the same rows and split,
# which the native example writes to a temporary directory; without FLAML "flaml" says how to
# install it. The three run one after another so they do not share the CPU.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SKIP=",${BENCH_SKIP:-},"
skip() { [[ "$SKIP" == *",$1,"* ]]; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo '"skipped"' >"$WORK/native.json"
echo '"skipped"' >"$WORK/browser.json"
echo '"skipped"' >"$WORK/flaml.json"

cargo build --release -q -p lakelab-core --example bench_automl >&2
BIN="$ROOT/target/release/examples/bench_automl"
if ! skip native; then
  echo "bench_automl.sh: native..." >&2
  "$BIN" >"$WORK/native.json"
fi
if ! skip flaml; then
  echo "bench_automl.sh: flaml..." >&2
  "$BIN" --write-data "$WORK/data"
  PY="${BENCH_PYTHON:-python3}"
  "$PY" "$ROOT/scripts/bench_automl.py" "$WORK/data" >"$WORK/flaml.json"
fi
if ! skip browser; then
  echo "bench_automl.sh: browser..." >&2
  {
    "$ROOT/scripts/setup.sh" test
    # shellcheck source=scripts/env.sh
    source "$ROOT/scripts/env.sh"
    trunk build --release --features bench --dist dist-bench
  } >&2
  node "$ROOT/tests/e2e/bench_automl.mjs" --dist dist-bench >"$WORK/browser.json"
fi

python3 - "$WORK" <<'PY'
import json, os, pathlib, platform, re, sys
work = pathlib.Path(sys.argv[1])
cpu = "unknown"
try:
    m = re.search(r"^model name\s*:\s*(.+)$", pathlib.Path("/proc/cpuinfo").read_text(), re.M)
    cpu = m.group(1).strip() if m else cpu
except OSError:
    pass
out = {"machine": {"nproc": len(os.sched_getaffinity(0)), "cpu_model": cpu, "os": platform.platform()}}
for key in ("native", "browser", "flaml"):
    out[key] = json.loads((work / f"{key}.json").read_text())
print(json.dumps(out, indent=2))
PY
