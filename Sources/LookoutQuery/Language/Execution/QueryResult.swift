/// The answer to a query: a table, whether it is complete, and what it cost.
///
/// Encodes to JSON as `{"columns": [...], "rows": [[...]], "partial": false, ...}`.
public struct QueryResult: Sendable, Codable, Equatable {
  /// The column names, in display order.
  public var columns: [String]
  /// The rows, each with one value per column.
  public var rows: [[QueryValue]]
  /// Whether the budget ran out before all rows were read, so the table covers only some.
  public var partial: Bool
  /// Why the result is partial, for example `scanned 1000000 rows, the budget's limit`.
  public var partialReason: String?
  /// What the query cost.
  public var statistics: QueryStatistics

  /// Creates a result.
  public init(
    columns: [String], rows: [[QueryValue]], partial: Bool = false, partialReason: String? = nil,
    statistics: QueryStatistics = QueryStatistics()
  ) {
    self.columns = columns
    self.rows = rows
    self.partial = partial
    self.partialReason = partialReason
    self.statistics = statistics
  }
}

/// What a query cost: rows read, time taken, whether rollups answered it.
public struct QueryStatistics: Sendable, Codable, Equatable {
  /// Rows the sources handed the executor.
  public var rowsScanned: Int
  /// Wall time in seconds.
  public var elapsedSeconds: Double
  /// Whether a source answered the stats from its rollups instead of a scan.
  public var usedRollups: Bool

  /// Creates statistics.
  public init(rowsScanned: Int = 0, elapsedSeconds: Double = 0, usedRollups: Bool = false) {
    self.rowsScanned = rowsScanned
    self.elapsedSeconds = elapsedSeconds
    self.usedRollups = usedRollups
  }
}

/// How much one query may read and how long it may run; past either, the result comes back
/// flagged partial. Checked between batches.
public struct QueryBudget: Sendable, Equatable {
  /// The most rows read from sources (over every partition, and both ranges of a `diff`).
  public var maxRowsScanned: Int
  /// The longest the query may run.
  public var maxWallTime: Duration
  /// The rows of output when the query has no `limit`.
  public var defaultLimit: Int

  /// Creates a budget; the defaults suit interactive queries.
  public init(
    maxRowsScanned: Int = 100_000_000, maxWallTime: Duration = .seconds(30),
    defaultLimit: Int = 10_000
  ) {
    self.maxRowsScanned = maxRowsScanned
    self.maxWallTime = maxWallTime
    self.defaultLimit = defaultLimit
  }
}

/// Mines log patterns for the `pattern` command; LookoutAnalysis's miner is connected by the
/// server, tests inject a simple one.
public protocol PatternMining: Sendable {
  /// Groups `values` into patterns, most frequent first.
  ///
  /// - Parameter values: The messages.
  /// - Returns: Each pattern with variable tokens as `<*>`, its count, one sample message
  ///   and a severity label (for example `ERROR`, or empty when unknown).
  func mine(_ values: [String]) -> [MinedPattern]
}

/// One pattern a ``PatternMining`` found.
public struct MinedPattern: Sendable, Equatable {
  /// The pattern, variable tokens written `<*>`.
  public var pattern: String
  /// How many values matched it.
  public var count: Int
  /// One of the values.
  public var sample: String
  /// The severity seen in the values, for example `ERROR`; empty when unknown.
  public var severity: String
  /// The positions (in the values given to the miner) of the values in this pattern, for
  /// counting it over time; empty when the miner does not say.
  public var members: [Int]

  /// Creates a mined pattern.
  public init(
    pattern: String, count: Int, sample: String, severity: String, members: [Int] = []
  ) {
    self.pattern = pattern
    self.count = count
    self.sample = sample
    self.severity = severity
    self.members = members
  }
}
