#!/usr/bin/env bash
# Error-event ingest benchmarks (docs/benchmarks.md, "Error events").
#
#   scripts/bench/sentry_events.sh micro ENVELOPES.jsonl
#       CPU per event of envelope + decode, grouping and the store write, without HTTP:
#       builds a scratch package in /tmp/sentry-bench-pkg with only the targets it needs.
#   [CONNECTIONS=64] scripts/bench/sentry_events.sh serve ENVELOPES.jsonl [LOOKOUT_BINARY] [PORT]
#       starts the server on an empty data folder, runs wrk twice for 20 s with CONNECTIONS
#       connections, and prints the events stored and the server's CPU time per event
#       (utime + stime from /proc).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:?micro or serve}
envelopes=$(realpath "${2:?envelopes file}")

case $mode in
micro)
  pkg=/tmp/sentry-bench-pkg
  mkdir -p "$pkg/Sources/SentryBench"
  for target in CZlib CBrotli LookoutCore LookoutIngest LookoutAnalysis LookoutStore; do
    ln -sfn "$root/Sources/$target" "$pkg/Sources/$target"
  done
  ln -sf "$root/scripts/bench/sentry_events.swift" "$pkg/Sources/SentryBench/main.swift"
  cat >"$pkg/Package.swift" <<'EOF'
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "SentryBench",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
    .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlidec"),
    .target(name: "LookoutCore"),
    .target(
      name: "LookoutIngest",
      dependencies: [
        "LookoutCore", "CZlib", "CBrotli",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]),
    .target(name: "LookoutAnalysis", dependencies: ["LookoutCore"]),
    .target(
      name: "LookoutStore",
      dependencies: [
        "LookoutCore", "LookoutAnalysis", "CZlib",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
      ]),
    .executableTarget(
      name: "SentryBench",
      dependencies: [
        "LookoutCore", "LookoutIngest", "LookoutAnalysis", "LookoutStore",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
EOF
  (cd "$pkg" && swift build -c release --product SentryBench >/dev/null)
  "$pkg/.build/release/SentryBench" "$envelopes" 20000 16
  ;;
serve)
  lookout=${3:-$root/.build/release/lookout}
  port=${4:-7714}
  data=$(mktemp -d /tmp/sentry-bench-data.XXXXXX)
  LOOKOUT_INGEST_KEY=benchkey LOOKOUT_ADMIN_PASSWORD=x LOOKOUT_ERROR_EVENTS_PER_SECOND=1000000 \
    "$lookout" serve --data "$data" --http "127.0.0.1:$port" >"$data/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.2
  done
  ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
  before=$(ticks)
  for _ in 1 2; do
    ENVELOPES=$envelopes SENTRY_KEY=benchkey \
      wrk -t2 -c"${CONNECTIONS:-64}" -d20s -s "$root/scripts/bench/sentry_events.lua" \
      "http://127.0.0.1:$port"
  done
  after=$(ticks)
  kill -INT $server
  wait $server || true
  events=$(sqlite3 "$data/errors.sqlite" "SELECT count(*) FROM error_event")
  issues=$(sqlite3 "$data/errors.sqlite" "SELECT count(*) FROM issue")
  echo "stored events: $events, issues: $issues"
  awk -v t=$((after - before)) -v n="$events" \
    'BEGIN { printf "server CPU: %.2f s, %.3f ms per event\n", t / 100, t * 10 / n }'
  uptime
  rm -rf "$data"
  ;;
esac
