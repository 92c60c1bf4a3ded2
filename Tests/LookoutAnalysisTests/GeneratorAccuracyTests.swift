import LookoutAnalysis
import Testing

/// Route templating against the ground truth of `gen_nginx_log.py`.
@Suite("Templating accuracy on generated logs", .enabled(if: GeneratedLog.isAvailable))
struct GeneratorAccuracyTests {
  struct Input: Sendable, CustomTestStringConvertible {
    var lines: Int
    var seed: Int
    var rate: Double
    var testDescription: String { "\(lines) lines, seed \(seed), rate \(rate)/s" }
  }

  /// Every line is templated in one streaming pass; the routes must match the truth (ignoring
  /// placeholder names) for at least 99.5 % of lines as streamed, and after `retemplate`.
  @Test(
    arguments: [
      Input(lines: 200_000, seed: 3, rate: 200),
      Input(lines: 200_000, seed: 17, rate: 2_500),
      Input(lines: 20_000, seed: 99, rate: 5),
    ])
  func templatesMatchTruth(input: Input) throws {
    let log = try GeneratedLog.make(lines: input.lines, seed: input.seed, rate: input.rate)
    #expect(log.lines.count == input.lines)
    var templater = RouteTemplater()
    var streamed: [String] = []
    streamed.reserveCapacity(log.lines.count)
    var truths: [String] = []
    truths.reserveCapacity(log.lines.count)
    var streamingMatches = 0
    var misses: [String: Int] = [:]
    for line in log.lines {
      let route = templater.template(line.target, method: line.method)
      let got = normalizePlaceholders("\(line.method) \(route)")
      let truth = normalizePlaceholders(line.truth)
      if got == truth {
        streamingMatches += 1
      } else {
        misses["\(truth) <- \(line.method) \(route)", default: 0] += 1
      }
      streamed.append(route)
      truths.append(truth)
    }
    var finalMatches = 0
    var finalMisses: [String: Int] = [:]
    for (index, line) in log.lines.enumerated() {
      let got = normalizePlaceholders("\(line.method) \(templater.retemplate(streamed[index]))")
      if got == truths[index] {
        finalMatches += 1
      } else {
        finalMisses["\(truths[index]) <- \(got)", default: 0] += 1
      }
    }
    let total = Double(log.lines.count)
    let streaming = Double(streamingMatches) / total
    let final = Double(finalMatches) / total
    print(
      "templating \(input.testDescription): streaming \(streamingMatches)/\(log.lines.count)"
        + " = \(percent(streaming)), after retemplate \(finalMatches)/\(log.lines.count)"
        + " = \(percent(final)), learned positions \(templater.learnedPositionCount)")
    for (miss, count) in finalMisses.sorted(by: { $0.value > $1.value }).prefix(5) {
      print("  still wrong after retemplate: \(count) x \(miss)")
    }
    for (miss, count) in misses.sorted(by: { $0.value > $1.value }).prefix(3) {
      print("  wrong while streaming: \(count) x \(miss)")
    }
    #expect(streaming >= 0.995)
    #expect(final >= 0.995)
    #expect(final >= streaming)
  }

  private func percent(_ share: Double) -> String {
    let basisPoints = Int((share * 10_000).rounded())
    return "\(basisPoints / 100).\(basisPoints % 100 < 10 ? "0" : "")\(basisPoints % 100) %"
  }
}
