import GRDB

/// Where the bytes of a database file go, table by table.
public enum StorageFootprint {
  /// Bytes of the pages each table and index occupies (payload, page headers and unused
  /// space), from SQLite's `dbstat` virtual table; nil when this SQLite lacks it.
  public static func pageBytesByTable(in db: Database) -> [String: Int64]? {
    guard
      let rows = try? Row.fetchAll(
        db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name")
    else { return nil }
    return Dictionary(
      rows.map { ($0["name"] as String, $0["bytes"] as Int64) }, uniquingKeysWith: +)
  }
}
