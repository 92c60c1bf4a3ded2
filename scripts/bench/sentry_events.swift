// Microbenchmark of the error-event ingest path without HTTP: envelope split + event decode,
// grouping, and the store write, per event, on the envelopes of sentry_events.py.
// Built and run by scripts/bench/sentry_events.sh (a scratch package with only the targets
// it needs); see docs/benchmarks.md, "Error events".
import Foundation
import GRDB
import LookoutAnalysis
import LookoutCore
import LookoutIngest
import LookoutStore

/// CPU time of this process (user + system), in seconds.
func processCPUSeconds() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Runs `body` and prints its CPU time per event.
func measure(_ label: String, events: Int, _ body: () throws -> Void) rethrows {
  let start = processCPUSeconds()
  try body()
  let seconds = processCPUSeconds() - start
  let padded = label.padding(toLength: 28, withPad: " ", startingAt: 0)
  print(
    padded
      + String(
        format: "%8.1f µs CPU per event  (%d events, %.2f s)", seconds / Double(events) * 1e6,
        events, seconds))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  print("usage: SentryBench ENVELOPES.jsonl [EVENTS] [BATCH]")
  exit(2)
}
let eventCount = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
let batchSize = arguments.count > 3 ? Int(arguments[3]) ?? 16 : 16

// Each line is a JSON string holding one envelope whose ids are 32 zeros.
let lines = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n")
let templates: [String] = try lines.map {
  try JSONDecoder().decode(String.self, from: Data($0.utf8))
}
// Where each template's ids are, found once (Foundation's replacing would dominate a
// profile of this program).
let zeros = Array(String(repeating: "0", count: 32).utf8)
let templateBytes = templates.map { Array($0.utf8) }
let idOffsets: [[Int]] = templateBytes.map { bytes in
  var offsets: [Int] = []
  var index = 0
  while index + 32 <= bytes.count {
    if bytes[index] == zeros[0], bytes[index..<(index + 32)].elementsEqual(zeros) {
      offsets.append(index)
      index += 32
    } else {
      index += 1
    }
  }
  return offsets
}
// Random ids, as SDKs make them (uuid4): they land all over the event-id index.
var generator = SystemRandomNumberGenerator()
let bodies: [[UInt8]] = (0..<eventCount).map { index in
  let id = Array(
    String(
      format: "%016llx%016llx", UInt64.random(in: .min ... .max, using: &generator),
      UInt64.random(in: .min ... .max, using: &generator)
    ).utf8)
  var body = templateBytes[index % templates.count]
  for offset in idOffsets[index % templates.count] {
    body.replaceSubrange(offset..<(offset + 32), with: id)
  }
  return body
}
let now: Int64 = 1_795_706_679_000_000

var events: [ErrorEvent] = []
events.reserveCapacity(eventCount)
try measure("envelope + decode", events: eventCount) {
  for body in bodies {
    let envelope = try SentryEnvelope.parse(body)
    for item in envelope.items where item.type == "event" {
      events.append(
        try SentryEventDecoder.decode(
          item.payload, receivedAt: now, fallbackEventID: envelope.eventID,
          sourceContext: false))
    }
  }
}

let grouper = IssueGrouper()
var grouped: [GroupedEvent] = []
grouped.reserveCapacity(eventCount)
measure("grouping", events: eventCount) {
  for event in events {
    let result = grouper.group(event)
    grouped.append(
      GroupedEvent(
        project: 1, event: event, hash: result.hash, groupingVersion: result.version,
        method: result.method.rawValue, title: result.title, culprit: result.culprit))
  }
}
print("issues:", Set(grouped.map(\.hash)).count)

let directory = NSTemporaryDirectory() + "sentry-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
let store = try ErrorStore(path: directory + "/errors.sqlite", durability: .full)
/// Bytes this process has handed to write calls so far (`wchar` of /proc/self/io).
func bytesWritten() -> Int {
  let io = (try? String(contentsOfFile: "/proc/self/io", encoding: .utf8)) ?? ""
  let line = io.split(separator: "\n").first { $0.hasPrefix("wchar:") }
  return line.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
}
let writtenBefore = bytesWritten()
let wallStart = Date()
try measure("store write (batch \(batchSize))", events: eventCount) {
  var start = 0
  while start < grouped.count {
    let batch = Array(grouped[start..<min(start + batchSize, grouped.count)])
    _ = try store.database.write { db in try store.write(batch, in: db) }
    start += batchSize
  }
}
print(String(format: "store write wall: %.2f s", Date().timeIntervalSince(wallStart)))
print("bytes written per event:", (bytesWritten() - writtenBefore) / eventCount)
let issues = try store.database.read { db in
  try Int.fetchOne(db, sql: "SELECT count(*) FROM issue") ?? 0
}
let stored = try store.database.read { db in
  try Int.fetchOne(db, sql: "SELECT count(*) FROM error_event") ?? 0
}
print("stored events:", stored, "issues:", issues)
