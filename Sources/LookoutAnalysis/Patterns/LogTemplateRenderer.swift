/// Writes a pattern's template: its sample line with the variable tokens replaced by `<*>`.
enum LogTemplateRenderer {
  /// The template text of a pattern with first line `sample` and token values `template`
  /// (`0` at variable positions); white space and delimiters come from the sample.
  static func render(sample: String, template: [UInt64], maxBytes: Int) -> String {
    let tokens = LogTokenizer.tokens(of: sample, maxBytes: maxBytes, withRanges: true)
    guard tokens.ranges.count == template.count else { return sample }
    let bytes = Array(sample.utf8.prefix(maxBytes))
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + 16)
    var copied = 0
    for (position, range) in tokens.ranges.enumerated()
    where template[position] == LogTokenizer.wildcard {
      output.append(contentsOf: bytes[copied..<range.lowerBound])
      output.append(contentsOf: wildcardText)
      copied = range.upperBound
    }
    output.append(contentsOf: bytes[copied...])
    return String(decoding: output, as: UTF8.self)
  }

  private static let wildcardText: [UInt8] = Array("<*>".utf8)
}
