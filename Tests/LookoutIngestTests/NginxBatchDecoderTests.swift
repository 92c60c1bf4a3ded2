import Foundation
import LookoutCore
import LookoutIngest
import Testing

@Suite("NginxBatchDecoder")
struct NginxBatchDecoderTests {
  static let good =
    #"1.2.3.4 - - [05/Jun/2024:09:00:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "ua" 0.010 0.009"#

  @Test func keepsGoodLinesAroundBadOnes() {
    let body = [
      Self.good, "garbage", "", Self.good.replacingOccurrences(of: "/a", with: "/b") + "\r",
      String(Self.good.dropLast(30)), "   ", Self.good.replacingOccurrences(of: "/a", with: "/c"),
    ].joined(separator: "\n")
    let batch = NginxBatchDecoder(format: .timed).decode(Array(body.utf8), firstLineNumber: 100)
    #expect(batch.records.map(\.path) == ["/a", "/b", "/c"])
    #expect(batch.report.badLines == 2)
    #expect(batch.report.examples.map(\.lineNumber) == [101, 104])
    #expect(batch.report.examples[0].excerpt == "garbage")
    #expect(batch.report.examples[0].reason.contains("expected ` - `"))
    #expect(batch.report.examples[1].reason.contains("no closing quote"))
    #expect(batch.blankLines == 2)
    #expect(batch.lineCount == 7)
    #expect(batch.nextLineNumber == 107)
    #expect(batch.consumedBytes == body.utf8.count)
  }

  @Test func wrongLogFormatRejectsEveryLineWithReasonAndNumber() throws {
    // The classic mistake: `timed` lines read with `combined`.
    let log = try TestSupport.generatedLog(lines: 50, seed: 3)
    let lines = TestSupport.lines(log)
    let batch = NginxBatchDecoder(format: .combined, maxExamples: 5).decode(log)
    #expect(batch.records.isEmpty)
    #expect(batch.report.badLines == 50)
    #expect(batch.lineCount == 50)
    #expect(batch.report.examples.map(\.lineNumber) == [1, 2, 3, 4, 5])
    for example in batch.report.examples {
      let line = lines[example.lineNumber - 1]
      let endOfCombined = try #require(line.lastIndex(of: UInt8(ascii: "\"")))
      let column = endOfCombined - line.startIndex + 2
      #expect(
        example.reason
          == "unexpected text at column \(column) after the end of the log_format")
      #expect(
        example.excerpt.hasPrefix(String(decoding: line.prefix(100), as: UTF8.self)))
    }

    let other = try NginxLogFormat(#"$remote_addr [$time_local] $status"#)
    let otherBatch = NginxBatchDecoder(format: other).decode(log)
    #expect(otherBatch.report.badLines == 50)
    #expect(otherBatch.report.examples.allSatisfy { $0.reason.hasPrefix("status `\"") })
  }

  @Test func bigLineIsOneBadLineAmongGoodOnes() {
    var body = Array((Self.good + "\n").utf8)
    body += Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [10]
    body += Array((Self.good + "\n").utf8)
    let batch = NginxBatchDecoder(format: .timed).decode(body)
    #expect(batch.records.count == 2)
    #expect(batch.report.examples.map(\.reason) == ["line longer than 65536 bytes"])
    #expect(batch.report.examples[0].excerpt.hasSuffix("…"))
  }

  @Test func streamedChunksGiveTheSameBatchAsAWholeBuffer() throws {
    let log = try TestSupport.generatedLog(lines: 300, seed: 11)
    let decoder = NginxBatchDecoder(format: .timed)
    let whole = decoder.decode(log)
    var splitter = LineSplitter()
    var records: [RequestRecord] = []
    var pending: [UInt8] = []
    var lineNumber = 1
    var offset = 0
    while offset < log.count {
      let end = min(offset + 4093, log.count)
      pending += log[offset..<end]
      offset = end
      let batch = pending.withUnsafeBytes {
        decoder.decode(
          $0, firstLineNumber: lineNumber, isFinal: offset == log.count, splitter: &splitter)
      }
      records += batch.records
      lineNumber = batch.nextLineNumber
      #expect(batch.report.isEmpty)
      pending.removeFirst(batch.consumedBytes)
    }
    #expect(records == whole.records)
    #expect(lineNumber == 301)
  }

  @Test func reportsMergeUpToTheirExampleLimit() {
    let decoder = NginxBatchDecoder(format: .timed, maxExamples: 3)
    var total = BadLineReport(maxExamples: 3)
    for (index, chunk) in ["bad\nbad\n", Self.good + "\nbad\nbad\n"].enumerated() {
      total.merge(decoder.decode(Array(chunk.utf8), firstLineNumber: index * 2 + 1).report)
    }
    #expect(total.badLines == 4)
    #expect(total.examples.map(\.lineNumber) == [1, 2, 4])
  }

  @Test func fixtureWithEdgeCases() throws {
    let batch = NginxBatchDecoder(format: .timed).decode(try TestSupport.fixture("edge-cases.log"))
    #expect(batch.report.badLines == 3)
    #expect(batch.report.examples.map(\.lineNumber) == [6, 7, 8])
    #expect(batch.records.count == 7)
    #expect(batch.records.map(\.status) == [200, 502, 400, 400, 200, 200, 404])
    #expect(batch.records[1].upstreamTime == 35_000)
    #expect(batch.records[4].userAgent == #"Mozilla "quoted" 翻訳"#)
    #expect(batch.records[6].path == "/json")
  }

  /// The generator's lines against an independent regex reading of the same lines.
  @Test func generatedLogMatchesARegexParse() throws {
    let log = try TestSupport.generatedLog(lines: 20_000, seed: 7)
    let batch = NginxBatchDecoder(format: .timed).decode(log)
    #expect(batch.report.isEmpty, "\(batch.report.examples)")
    let lines = TestSupport.lines(log)
    #expect(batch.records.count == 20_000)
    #expect(lines.count == 20_000)
    let pattern =
      /^(\S+) - (\S+) \[([^\]]+)\] "(\S+) ([^ ?]+)(?:\?(\S*))? (HTTP\/[\d.]+)" (\d{3}) (\d+) "([^"]*)" "([^"]*)" ([\d.]+) (\S+)$/
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
    for (record, line) in zip(batch.records, lines) {
      let text = String(decoding: line, as: UTF8.self)
      let match = try #require(text.wholeMatch(of: pattern), "\(text)")
      #expect(record.method == String(match.4))
      #expect(record.path == String(match.5))
      #expect(record.query == String(match.6 ?? ""))
      #expect(record.status == Int(match.8))
      #expect(record.bytesSent == Int64(match.9))
      #expect(record.userAgent == String(match.11))
      #expect(record.requestTime == Int64((Double(match.12)! * 1e6).rounded()))
      #expect(record.upstreamTime == Double(match.13).map { Int64(($0 * 1e6).rounded()) })
      let date = try #require(formatter.date(from: String(match.3)))
      #expect(record.timestamp == Int64(date.timeIntervalSince1970) * 1_000_000)
    }
  }
}
