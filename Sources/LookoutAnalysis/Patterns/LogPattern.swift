/// One log pattern: a template with its variable tokens as `<*>`, how many lines joined it,
/// and the first of them.
///
/// ```swift
/// var miner = LogPatternMiner()
/// miner.add("Invalid user admin from 10.0.0.1")
/// miner.patterns.first?.template  // "Invalid user admin from <*>"
/// ```
public struct LogPattern: Sendable, Hashable, Codable {
  /// The pattern's id: stable for the life of its miner (see ``LogPatternMiner/currentID(of:)``
  /// for ids of patterns that were merged into another).
  public var id: Int
  /// The line with its variable tokens replaced by `<*>`.
  public var template: String
  /// The number of lines that joined the pattern.
  public var count: Int
  /// The first line that joined the pattern (cut at
  /// ``LogPatternConfiguration/maxLineBytes`` bytes).
  public var sample: String
  /// `ERROR`, `WARN`, `INFO`, `DEBUG` or `UNKNOWN`, from the level word of the sample.
  public var severityLabel: String

  /// A pattern.
  public init(id: Int, template: String, count: Int, sample: String, severityLabel: String) {
    self.id = id
    self.template = template
    self.count = count
    self.sample = sample
    self.severityLabel = severityLabel
  }
}
