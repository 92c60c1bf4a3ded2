/// The functions the query language knows, with their arities; names match case-insensitively.
public enum FunctionCatalog {
  /// How many arguments a function takes.
  public struct Arity: Sendable, Equatable {
    /// The fewest arguments.
    public var min: Int
    /// The most arguments; nil for any number.
    public var max: Int?

    /// How the arity reads in an error message: `1 argument`, `2 or 3 arguments`.
    public var description: String {
      let noun = (max ?? 2) == 1 ? "argument" : "arguments"
      guard let max else { return "at least \(min) \(noun)" }
      if max == min { return "\(min) \(noun)" }
      return "\(min) to \(max) \(noun)"
    }
  }

  /// Scalar functions (one value per row), by lower-cased name.
  public static let scalar: [String: Arity] = [
    "abs": Arity(min: 1, max: 1), "ceil": Arity(min: 1, max: 1), "floor": Arity(min: 1, max: 1),
    "greatest": Arity(min: 1, max: nil), "least": Arity(min: 1, max: nil),
    "log": Arity(min: 1, max: 1), "sqrt": Arity(min: 1, max: 1),
    "ispresent": Arity(min: 1, max: 1), "coalesce": Arity(min: 1, max: nil),
    "isempty": Arity(min: 1, max: 1), "isblank": Arity(min: 1, max: 1),
    "concat": Arity(min: 1, max: nil), "trim": Arity(min: 1, max: 1),
    "ltrim": Arity(min: 1, max: 1), "rtrim": Arity(min: 1, max: 1),
    "strlen": Arity(min: 1, max: 1), "toupper": Arity(min: 1, max: 1),
    "tolower": Arity(min: 1, max: 1), "substr": Arity(min: 2, max: 3),
    "replace": Arity(min: 3, max: 3), "strcontains": Arity(min: 2, max: 2),
    "bin": Arity(min: 1, max: 2), "datefloor": Arity(min: 2, max: 2),
    "dateceil": Arity(min: 2, max: 2), "frommillis": Arity(min: 1, max: 1),
    "tomillis": Arity(min: 1, max: 1), "isvalidip": Arity(min: 1, max: 1),
    "isipinsubnet": Arity(min: 2, max: 2),
  ]

  /// Aggregate functions (one value per group, only inside `stats`), by lower-cased name.
  public static let aggregate: [String: Arity] = [
    "avg": Arity(min: 1, max: 1), "count": Arity(min: 0, max: 1),
    "count_distinct": Arity(min: 1, max: 1), "max": Arity(min: 1, max: 1),
    "min": Arity(min: 1, max: 1), "pct": Arity(min: 2, max: 2),
    "stddev": Arity(min: 1, max: 1), "sum": Arity(min: 1, max: 1),
    "earliest": Arity(min: 1, max: 1), "latest": Arity(min: 1, max: 1),
    "sortsfirst": Arity(min: 1, max: 1), "sortslast": Arity(min: 1, max: 1),
  ]

  /// Whether `name` is an aggregate function.
  public static func isAggregate(_ name: String) -> Bool {
    aggregate[name.lowercased()] != nil
  }
}
