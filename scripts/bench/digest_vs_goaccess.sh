#!/usr/bin/env bash
# lookout digest nginx vs GoAccess on the same generated log: wall time and peak memory.
# Usage: scripts/bench/digest_vs_goaccess.sh [LINES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-1000000}
mkdir -p bench-data
log=bench-data/access-$lines.log
[ -f "$log" ] || python3 ../shared/tools/gen_nginx_log.py "$lines" --seed 11 > "$log"
command -v goaccess >/dev/null || apt-get install -y -qq goaccess
swift build -c release --product lookout >/dev/null
bin=.build/release/lookout
measure() {  # prints "wall_s peak_MiB"
  /usr/bin/time -f "%e %M" "$@" > /dev/null 2> bench-data/time.txt || true
  tail -1 bench-data/time.txt | awk '{printf "%.2f s, %.0f MiB\n", $1, $2/1024}'
}
echo "input: $log ($(wc -l < "$log") lines, $(du -h "$log" | cut -f1))"
for i in 1 2 3; do echo "lookout digest nginx: $(measure $bin digest nginx "$log" --log-format timed --output json)"; done
for i in 1 2 3; do
  echo "goaccess:             $(measure goaccess "$log" --log-format='%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T %^' \
    --date-format=%d/%b/%Y --time-format=%T -o bench-data/goaccess.json)"
done
