/// A parsed query: the source it reads and the commands applied in order.
///
/// Plain data, independent of any executor: the Swift executor runs it, and a SQL store can
/// compile it to SQL with bound parameters.
///
/// ```swift
/// let query = try QueryParser.parse("source requests | filter status >= 500 | stats count(*) by route")
/// ```
public struct Query: Sendable, Equatable {
  /// The source name after `source`.
  public var source: String
  /// Where the source name is written.
  public var sourcePosition: SourcePosition
  /// The commands, in order.
  public var stages: [Stage]

  /// Creates a query.
  public init(source: String, sourcePosition: SourcePosition = .start, stages: [Stage]) {
    self.source = source
    self.sourcePosition = sourcePosition
    self.stages = stages
  }
}

/// One command of a query with the position of its keyword.
public struct Stage: Sendable, Equatable {
  /// The command.
  public var command: Command
  /// Where its keyword is.
  public var position: SourcePosition

  /// Creates a stage.
  public init(_ command: Command, at position: SourcePosition = .start) {
    self.command = command
    self.position = position
  }
}

/// A command between pipes.
public enum Command: Sendable, Equatable {
  /// `fields a, b * 2 as c`: computes fields and makes them the displayed columns.
  case fields([NamedExpression])
  /// `display a, b`: chooses the displayed columns.
  case display([NamedExpression])
  /// `filter condition`: keeps the rows where the condition is true.
  case filter(Expression)
  /// `stats count(*) as n, avg(x) by route, bin(5m)`.
  case stats(StatsCommand)
  /// `sort a desc, b`.
  case sort([SortKey])
  /// `limit n`.
  case limit(Int)
  /// `parse field "glob * pattern *" as a, b` or `parse field /(?<name>re)/`.
  case parse(ParseCommand)
  /// `dedup a, b`: keeps the first row of each distinct combination.
  case dedup([Expression])
  /// `pattern field`: groups the values into log patterns.
  case pattern(Expression)
  /// `diff previousDay|previousWeek`: joins the result with the same query one period earlier.
  case diff(DiffPeriod)
}

/// An expression with an optional `as` name.
public struct NamedExpression: Sendable, Equatable {
  /// The expression.
  public var expression: Expression
  /// The name after `as`, if any.
  public var alias: String?

  /// Creates a named expression.
  public init(_ expression: Expression, alias: String? = nil) {
    self.expression = expression
    self.alias = alias
  }

  /// The output column name: the alias, the field name, or the expression as written in
  /// canonical form (`count(*)`, `pct(duration, 95)`, `bin(5m)`).
  public var name: String {
    if let alias { return alias }
    if case .field(let field) = expression.kind { return field }
    return expression.description
  }
}

/// The aggregates and groups of a `stats` command.
public struct StatsCommand: Sendable, Equatable {
  /// The aggregate expressions, for example `count(*)` and `pct(duration, 95) as p95`.
  public var aggregates: [NamedExpression]
  /// The group keys after `by`, for example `route` and `bin(5m)`.
  public var groups: [NamedExpression]

  /// Creates a stats command.
  public init(aggregates: [NamedExpression], groups: [NamedExpression]) {
    self.aggregates = aggregates
    self.groups = groups
  }
}

/// One key of `sort`.
public struct SortKey: Sendable, Equatable {
  /// The value sorted by.
  public var expression: Expression
  /// Whether larger values come first.
  public var descending: Bool

  /// Creates a sort key.
  public init(_ expression: Expression, descending: Bool) {
    self.expression = expression
    self.descending = descending
  }
}

/// The field and pattern of a `parse` command.
public struct ParseCommand: Sendable, Equatable {
  /// How the text is taken apart.
  public enum Pattern: Sendable, Equatable {
    /// A glob whose `*` each capture one field, named in order by `names`.
    case glob(String, names: [String])
    /// A regular expression whose named groups become fields.
    case regex(String)
  }

  /// The text parsed, usually `@message`.
  public var field: Expression
  /// The pattern.
  public var pattern: Pattern
  /// Where the pattern is written.
  public var patternPosition: SourcePosition

  /// Creates a parse command.
  public init(field: Expression, pattern: Pattern, patternPosition: SourcePosition = .start) {
    self.field = field
    self.pattern = pattern
    self.patternPosition = patternPosition
  }
}

/// The earlier period `diff` compares with.
public enum DiffPeriod: String, Sendable, Equatable {
  /// One day earlier.
  case previousDay
  /// One week earlier.
  case previousWeek

  /// The shift in microseconds.
  public var micros: Int64 {
    switch self {
    case .previousDay: 86_400_000_000
    case .previousWeek: 604_800_000_000
    }
  }
}
