#!/usr/bin/env bash
# Build the release app and serve it like a static host would.
#
#   scripts/serve.sh                         http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh               another port
#   scripts/serve.sh --public-url /lakelab/  build for, and serve under, a sub-path
#                                            (into dist-sub/; http://127.0.0.1:8080/lakelab/)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PUBLIC_URL="/"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --public-url) PUBLIC_URL="${2:?--public-url needs a value}"; shift 2 ;;
    --public-url=*) PUBLIC_URL="${1#*=}"; shift ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
# Trunk writes absolute asset paths: the public URL needs both slashes.
[[ "$PUBLIC_URL" == /* ]] || PUBLIC_URL="/$PUBLIC_URL"
[[ "$PUBLIC_URL" == */ ]] || PUBLIC_URL="$PUBLIC_URL/"

"$ROOT/scripts/setup.sh" build
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

# A sub-path build goes to dist-sub/ (as in scripts/test.sh) so dist/ stays the root build.
DIST=dist
[[ "$PUBLIC_URL" == / ]] || DIST=dist-sub
trunk build --release --public-url "$PUBLIC_URL" --dist "$DIST"

echo "serving $DIST/ at http://127.0.0.1:${PORT:-8080}${PUBLIC_URL} (Ctrl-C to stop)"
exec python3 "$ROOT/scripts/static_server.py" --dir "$ROOT/$DIST" --port "${PORT:-8080}" \
  --bind "${BIND:-127.0.0.1}" --base "$PUBLIC_URL"
