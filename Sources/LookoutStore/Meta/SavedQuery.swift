import Foundation
import GRDB

/// A query a person saved on the Logs page: its text, range and chart, and whether the
/// Overview shows it as a panel (and where).
public struct SavedQuery: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
  public static let databaseTableName = "saved_query"

  /// How a saved query's result is drawn.
  public enum ChartKind: String, Codable, Sendable, CaseIterable {
    /// A time series when the query bins by time, bars otherwise.
    case auto
    /// Lines over the `bin()` column.
    case line
    /// One bar per row: the first text column labels it, the first number sizes it.
    case bar
    /// The table alone.
    case table
  }

  /// Numeric id; nil before insertion.
  public var id: Int64?
  /// The project the query reads.
  public var project: Int64
  /// The name shown in lists and as the panel title.
  public var name: String
  /// The query text.
  public var query: String
  /// Start of the range as a time expression (`now-1h`).
  public var from: String
  /// End of the range as a time expression (`now`).
  public var to: String
  /// How the result is drawn.
  public var chart: ChartKind
  /// Whether the Overview shows it as a panel.
  public var onDashboard: Bool
  /// Order of the panel on the Overview, ascending.
  public var position: Int
  /// Creation time, seconds since epoch.
  public var createdAt: Double
  /// Last change, seconds since epoch.
  public var updatedAt: Double

  /// Columns of the `saved_query` table.
  public enum Columns {
    public static let id = Column(CodingKeys.id)
    public static let project = Column(CodingKeys.project)
    public static let name = Column(CodingKeys.name)
    public static let onDashboard = Column(CodingKeys.onDashboard)
    public static let position = Column(CodingKeys.position)
  }

  enum CodingKeys: String, CodingKey {
    case id, project, name, query, from, to, chart, position
    case onDashboard = "on_dashboard"
    case createdAt = "created_at"
    case updatedAt = "updated_at"
  }

  /// Creates a saved query value.
  public init(
    id: Int64? = nil, project: Int64, name: String, query: String, from: String = "now-1h",
    to: String = "now", chart: ChartKind = .auto, onDashboard: Bool = false, position: Int = 0,
    createdAt: Double = Date().timeIntervalSince1970, updatedAt: Double? = nil
  ) {
    self.id = id
    self.project = project
    self.name = name
    self.query = query
    self.from = from
    self.to = to
    self.chart = chart
    self.onDashboard = onDashboard
    self.position = position
    self.createdAt = createdAt
    self.updatedAt = updatedAt ?? createdAt
  }

  public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
