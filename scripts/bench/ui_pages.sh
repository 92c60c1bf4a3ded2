#!/usr/bin/env bash
# Page render times of the UI on the 10M-request store that `lookout bench-store` builds
# (see docs/benchmarks.md). Starts a release server on a copy of the store, fetches each
# page five times with an API token, prints the times (seconds, whole response).
#
# Usage: scripts/bench/ui_pages.sh [STORE_DIR]   (default bench-data/store)
set -euo pipefail
cd "$(dirname "$0")/../.."
store=${1:-bench-data/store}
data=bench-data/ui-pages
rm -rf "$data" && mkdir -p "$data" && cp "$store/requests.sqlite" "$data/"
LOOKOUT_API_TOKEN=benchtoken LOOKOUT_ADMIN_PASSWORD=x .build/release/lookout serve \
  --data "$data" --http 127.0.0.1:7712 >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:7712/readyz >/dev/null && break; sleep 0.2; done
# The data's span: every page over all of it, and over one hour in the middle.
span=$(python3 -c 'import sqlite3,sys; print(*sqlite3.connect(sys.argv[1]).execute(
  "SELECT min(min_ts), max(max_ts) + 1 FROM requests_blocks").fetchone())' "$data/requests.sqlite")
read -r from to <<<"$span"
mid=$(((from + to) / 2))
route=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("/api/v1/search", safe=""))')
for range in "from=$from&to=$to" "from=$mid&to=$((mid + 3600000000))"; do
  for page in "/" "/endpoints" "/endpoint?method=GET&route=$route" "/ingest"; do
    url="$page$([[ $page == *\?* ]] && echo "&" || echo "?")$range"
    printf '%-90s' "$url"
    for _ in 1 2 3 4 5; do
      curl -s -o /dev/null -w '%{time_total} ' -H "Authorization: Bearer benchtoken" \
        "http://127.0.0.1:7712$url"
    done
    echo
  done
done
