#!/usr/bin/env bash
# lookout digest mysql-slow vs pt-query-digest on the same generated slow log: wall time
# and peak memory, and whether both find the generator's true classes.
# Usage: scripts/bench/slowlog_vs_pt_query_digest.sh [QUERIES]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/../.."
queries=${1:-200000}
mkdir -p bench-data
log=bench-data/slow-$queries.log
[ -f "$log" ] || python3 ../shared/tools/gen_mysql_slowlog.py "$queries" --seed 42 \
  --truth "bench-data/slow-$queries.truth" > "$log"
command -v pt-query-digest >/dev/null || apt-get install -y -qq percona-toolkit
swift build -c release --product lookout >/dev/null
bin=.build/release/lookout
measure() {  # prints "wall_s s, peak MiB"
  /usr/bin/time -f "%e %M" "$@" > bench-data/digest-out.txt 2> bench-data/time.txt || true
  tail -1 bench-data/time.txt | awk '{printf "%.2f s, %.0f MiB\n", $1, $2/1024}'
}
echo "input: $log ($queries queries, $(du -h "$log" | cut -f1)); true classes: $(sort -u "bench-data/slow-$queries.truth" | wc -l)"
for i in 1 2 3; do
  echo "lookout digest mysql-slow: $(measure $bin digest mysql-slow "$log" --output json)"
done
echo "  classes: $(python3 -c 'import json; print(len(json.load(open("bench-data/digest-out.txt"))["classes"]))')"
for i in 1 2; do
  echo "pt-query-digest:           $(measure pt-query-digest --output json --limit 100%:100000 "$log")"
done
echo "  classes: $(python3 -c 'import json,sys; t=open("bench-data/digest-out.txt").read(); print(len(json.loads(t[t.index("{"):])["classes"]))')"
