/// The families of data Lookout stores; each has its own database file.
public enum SignalFamily: String, Sendable, CaseIterable, Codable {
  case requests, queries, errors, traces, logs, metrics
}

/// Where a record comes from and whom it belongs to: a project and an environment.
///
/// Every source (a tailed file, an HTTP push) carries one, since the team watches
/// production and dev side by side.
public struct SourceContext: Sendable, Hashable {
  /// Numeric project id; the default project is 1.
  public var project: Int64
  /// Environment name (`production`, `staging`, `dev`).
  public var environment: String

  /// Creates a context; the environment defaults to `production`.
  public init(project: Int64 = 1, environment: String = "production") {
    self.project = project
    self.environment = environment
  }
}
