#!/usr/bin/env bash
# Log pattern miner: loghub grouping accuracy beside Drain's published figures, then
# throughput and peak memory of LogPatternMiner over about 1M lines (release build).
#
#   scripts/bench/patterns.sh [REPEAT]      # REPEAT passes over the 16,000 loghub lines (63)
#
# Builds a scratch package in /tmp holding only Sources/LookoutAnalysis/Patterns (the whole
# package would build the server), so it needs nothing but the Swift toolchain and python3.
set -euo pipefail
repeat="${1:-63}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
loghub="$(cd "$root/../shared/data/loghub" 2>/dev/null && pwd || cd "$root/../../shared/data/loghub" && pwd)"
work="${TMPDIR:-/tmp}/lookout-patterns-bench"
mkdir -p "$work/Sources/PatternsBench" "$work/Sources/PatternsAccuracy"
ln -sfn "$root/Sources/LookoutAnalysis/Patterns" "$work/Sources/LookoutAnalysis"
ln -sfn "$root/Tests/LookoutAnalysisTests/Patterns/LoghubSample.swift" \
  "$work/Sources/PatternsAccuracy/LoghubSample.swift"

cat > "$work/Package.swift" <<'EOF'
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "PatternsBench",
  targets: [
    .target(name: "LookoutAnalysis"),
    .executableTarget(name: "PatternsBench", dependencies: ["LookoutAnalysis"]),
    .executableTarget(name: "PatternsAccuracy", dependencies: ["LookoutAnalysis"]),
  ],
  swiftLanguageModes: [.v6]
)
EOF

cat > "$work/Sources/PatternsAccuracy/main.swift" <<'EOF'
import Foundation
import LookoutAnalysis

// Grouping accuracy per loghub sample (Content column in, EventId as truth).
let drain: [(String, Double)] = [
  ("Android", 0.911), ("Apache", 1.0), ("HDFS", 0.998), ("HealthApp", 0.780),
  ("Linux", 0.690), ("OpenSSH", 0.788), ("Spark", 0.920), ("Zookeeper", 0.967),
]
print("| dataset | Lookout | Drain | patterns | true templates |")
print("|---|---|---|---|---|")
var total = 0.0
var drainTotal = 0.0
for (name, drainAccuracy) in drain {
  let sample = try LoghubSample.load(name)
  var miner = LogPatternMiner()
  let ids = sample.contents.map { miner.add($0) }.map { miner.currentID(of: $0) }
  let accuracy = LoghubSample.groupingAccuracy(predicted: ids, truth: sample.eventIDs)
  total += accuracy
  drainTotal += drainAccuracy
  print(
    "| \(name) | \(String(format: "%.3f", accuracy)) | \(String(format: "%.3f", drainAccuracy))"
      + " | \(miner.patternCount) | \(Set(sample.eventIDs).count) |")
}
print(
  "| mean | \(String(format: "%.3f", total / 8)) | \(String(format: "%.3f", drainTotal / 8)) | | |")
EOF

cat > "$work/Sources/PatternsBench/main.swift" <<'EOF'
import Foundation
import LookoutAnalysis

// PatternsBench FILE REPEAT [--no-cache]: mines every line of FILE, REPEAT times over.
let arguments = CommandLine.arguments
let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
let lines = text.utf8.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
let passes = Int(arguments[2]) ?? 1
let configuration =
  arguments.contains("--no-cache")
  ? LogPatternConfiguration(maxCachedSequences: 0) : LogPatternConfiguration.default
/// A memory figure of this process from /proc/self/status.
func memory(_ field: String) -> String {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
  return line.map { $0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces) } ?? "?"
}
let loaded = memory("VmRSS")
var miner = LogPatternMiner(configuration: configuration)
var checksum = 0
let start = DispatchTime.now().uptimeNanoseconds
var firstPass = 0.0
for pass in 0..<passes {
  for line in lines { checksum &+= miner.add(line) }
  if pass == 0 { firstPass = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
let total = lines.count * passes
print("  resident after loading the input \(loaded), peak \(memory("VmHWM"))")
print(
  "\(total) lines in \(String(format: "%.2f", seconds)) s: \(Int(Double(total) / seconds)) lines/s"
    + " (first pass \(Int(Double(lines.count) / firstPass)) lines/s),"
    + " \(miner.patternCount) patterns, checksum \(checksum)")
EOF

cd "$work"
swift build -c release 2>&1 | grep -E "error|warning|Compiling|Build" || true
echo "## accuracy"
.build/release/PatternsAccuracy
python3 - "$loghub" "$work" <<'EOF'
import csv, random, sys
loghub, work = sys.argv[1], sys.argv[2]
names = ["Android", "Apache", "HDFS", "HealthApp", "Linux", "OpenSSH", "Spark", "Zookeeper"]
with open(f"{work}/contents.txt", "w") as out:
    for name in names:
        with open(f"{loghub}/{name}/{name}_2k.log_structured.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.write(row["Content"].replace("\n", " ") + "\n")
# Worst case: every line new (random words, no digits), 1M lines, 3-20 words each.
random.seed(11)
syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "qu", "be"]
with open(f"{work}/random.txt", "w") as out:
    for _ in range(1_000_000):
        words = ("".join(random.choice(syllables) for _ in range(random.randint(2, 4)))
                 for _ in range(random.randint(3, 20)))
        out.write(" ".join(words) + "\n")
with open(f"{work}/lines.txt", "wb") as out:
    for name in names:
        with open(f"{loghub}/{name}/{name}_2k.log", "rb") as f:
            out.write(f.read().rstrip(b"\n") + b"\n")
EOF
echo "## throughput, $repeat passes over 16,000 lines, one core"
for input in contents lines; do
  for mode in "" --no-cache; do
    echo "$input $mode:"
    .build/release/PatternsBench "$work/$input.txt" "$repeat" $mode
  done
done
echo "random (1M distinct lines, one pass):"
.build/release/PatternsBench "$work/random.txt" 1
