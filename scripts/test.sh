#!/usr/bin/env bash
# The project's test command (see README): every check, in order, stopping at the first failure.
#
#   scripts/test.sh                 all stages
#   scripts/test.sh e2e             one stage (e2e builds first); several: scripts/test.sh fmt clippy
#   E2E_ONLY=offline scripts/test.sh e2e     only the e2e files whose name contains "offline"
#
# Stages: fmt, clippy, unit (native core tests), wasm (browser tests via wasm-bindgen-test in
# headless Chromium), build (release dist/, dist-sub/ for /lakelab/, and dist-bench/ with the
# benchmark workloads), e2e (Playwright on all three).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ALL_STAGES=(fmt clippy unit wasm build e2e)
STAGES=("$@")
if [[ ${#STAGES[@]} -eq 0 ]]; then STAGES=("${ALL_STAGES[@]}"); fi
for s in "${STAGES[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || { echo "unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2; }
done
# The e2e suite runs against fresh builds.
if [[ " ${STAGES[*]} " == *" e2e "* && " ${STAGES[*]} " != *" build "* ]]; then
  STAGES=("${STAGES[@]/e2e/build e2e}")
  read -r -a STAGES <<<"${STAGES[*]}"
fi

stage_fmt() {
  cargo fmt --all --check
  # leptosfmt formats view! macros (setup installs it).
  leptosfmt --check src >/dev/null || {
    echo "leptosfmt: views are not formatted; run 'leptosfmt src'" >&2
    return 1
  }
}

stage_clippy() {
  cargo clippy -p lakelab-core -p unicode_names2 -p unicode-normalization --all-targets -- -D warnings
  # Natively the app package is the `lakelab` command line (src/cli.rs).
  cargo clippy -p lakelab --all-targets -- -D warnings
  cargo clippy -p lakelab --target wasm32-unknown-unknown --all-targets -- -D warnings
  cargo clippy -p lakelab --target wasm32-unknown-unknown --all-targets --features bench -- -D warnings
}

stage_unit() {
  # Natively the app crate is empty (its dependencies are wasm-only): this tests the core.
  cargo test
}

stage_wasm() {
  CHROMEDRIVER=/usr/bin/chromedriver cargo test -p lakelab --target wasm32-unknown-unknown
}

stage_build() {
  trunk build --release
  trunk build --release --public-url /lakelab/ --dist dist-sub
  # The benchmark workloads (?bench=…) are only in this build; bench-mode.test.mjs uses it.
  trunk build --release --features bench --dist dist-bench
}

stage_e2e() {
  cd "$ROOT/tests/e2e"
  local files=()
  for f in *.test.mjs; do
    if [[ -z "${E2E_ONLY:-}" || "$f" == *"$E2E_ONLY"* ]]; then files+=("$f"); fi
  done
  [[ ${#files[@]} -gt 0 ]] || { echo "no e2e test file matches E2E_ONLY=$E2E_ONLY" >&2; return 1; }
  node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
}

now_ms() { date +%s%3N; }
fmt_s() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }

SUMMARY=()
T_START=$(now_ms)
print_summary() {
  echo
  echo "==== summary ===="
  printf '%s\n' "${SUMMARY[@]}"
  echo "total: $(fmt_s $(($(now_ms) - T_START)))"
  # Disk is a CI limit too (a full disk once failed a run): show what the build left.
  echo "target/: $(du -sh target 2>/dev/null | cut -f1), free: $(df -h . | awk 'NR==2 {print $4}')"
}

# Run one stage with its own timing line. set -e must apply inside the stage, which bash ignores
# in `if`/`||` contexts: hence the subshell with set -e and the explicit status.
run_stage() {
  local name="$1" fn="$2" t0 rc
  echo
  echo "==== $name ===="
  t0=$(now_ms)
  set +e
  (
    set -euo pipefail
    "$fn"
  )
  rc=$?
  set -e
  local took
  took=$(fmt_s $(($(now_ms) - t0)))
  if [[ $rc -eq 0 ]]; then
    echo "---- $name: ok ($took)"
    SUMMARY+=("ok    $(printf '%-8s' "$name") $took")
  else
    echo "---- $name: FAILED with status $rc ($took)"
    SUMMARY+=("FAIL  $(printf '%-8s' "$name") $took")
    print_summary
    exit "$rc"
  fi
}

# Browser bits (and leptosfmt) are only needed by fmt, wasm and e2e.
SETUP_MODE=build
for s in "${STAGES[@]}"; do
  if [[ "$s" == fmt || "$s" == wasm || "$s" == e2e ]]; then SETUP_MODE=test; fi
done
stage_setup() { "$ROOT/scripts/setup.sh" "$SETUP_MODE"; }
run_stage setup stage_setup
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

for s in "${STAGES[@]}"; do
  run_stage "$s" "stage_$s"
done
print_summary
