import GRDB
import Synchronization

/// Maps the low-cardinality strings of a signal (route, domain, method, environment) to
/// small ids per column, so that blocks store bit-packed ids and filters compare ids.
///
/// Ids are dense per column, starting at 1; id 0 is the empty string and is never stored.
/// Rows live in `{table}_dictionary(col, id, value)`. One instance serves one database
/// (ids are allocated as `MAX(id) + 1` by its single writer) and caches every committed
/// pair in memory, so ``id(for:column:in:)`` is a dictionary lookup under a `Mutex` for
/// any value seen before, and ``value(_:column:)`` never touches the database.
///
/// Rollback: the cache only ever holds committed pairs. A new value is inserted inside the
/// caller's transaction and served from the database until then; when the transaction
/// commits, the rows with ids above the cached maximum of each touched column are read
/// back (`afterNextTransaction(onCommit:)`) and cached. Reading back instead of caching
/// what was inserted means that an insert undone by a rolled-back savepoint inside a
/// committed transaction is not cached either; a rolled-back transaction caches nothing.
///
/// ```swift
/// let dictionary = StringDictionary(table: "requests")
/// try dictionary.load(from: db)
/// let routeID = try dictionary.id(for: "/api/users/{id}", column: "route", in: db)
/// let slowRoutes = dictionary.ids(matching: { $0.hasPrefix("/api/") }, column: "route")
/// ```
public final class StringDictionary: Sendable {
  /// Table name prefix; the pairs live in `{table}_dictionary`.
  public let table: String
  private let tableName: String
  private let state = Mutex(State())

  private struct State: Sendable {
    var columns: [String: Entries] = [:]
    /// Columns that got a new id in the current transaction.
    var touched: Set<String> = []
    var commitHookRegistered = false
  }

  private struct Entries: Sendable {
    /// By bytes: String equality would make "é" and "e\u{301}" (two rows in SQL) one.
    var ids: [ColumnCodec.UTF8Key: UInt32] = [:]
    /// `values[id]`; `values[0]` is the empty string.
    var values: [String] = [""]

    mutating func add(_ value: String, id: UInt32) {
      let index = Int(id)
      if values.count <= index { values += Array(repeating: "", count: index + 1 - values.count) }
      values[index] = value
      ids[ColumnCodec.UTF8Key(value)] = id
    }
  }

  /// Creates an empty dictionary for `table` (letters, digits and `_`); call
  /// ``load(from:)`` once the database is migrated.
  public init(table: String) {
    precondition(BlockSchema.isIdentifier(table), "invalid dictionary table name '\(table)'")
    self.table = table
    tableName = "\(table)_dictionary"
  }

  /// Registers the migration creating the dictionary table, named `{table}_dictionary_v1`.
  public func registerMigrations(in migrator: inout DatabaseMigrator) {
    let name = tableName
    migrator.registerMigration("\(name)_v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE \(name) (
            col TEXT NOT NULL,
            id INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (col, id)
          ) WITHOUT ROWID;
          CREATE UNIQUE INDEX \(name)_value ON \(name)(col, value);
          """)
    }
  }

  /// The id of `value` in `column`, inserting it when new; 0 for the empty string.
  ///
  /// Call it inside the write transaction that stores the block using the id.
  ///
  /// - Throws: ``BlockStoreError/dictionaryFull(column:)`` past 2^32 - 1 values, or a
  ///   database error.
  public func id(for value: String, column: String, in db: Database) throws -> UInt32 {
    if value.isEmpty { return 0 }
    if let id = state.withLock({ $0.columns[column]?.ids[ColumnCodec.UTF8Key(value)] }) {
      return id
    }
    let id: Int64
    if let stored = try Int64.fetchOne(
      db.cachedStatement(sql: "SELECT id FROM \(tableName) WHERE col = ? AND value = ?"),
      arguments: [column, value])
    {
      id = stored
    } else {
      let last =
        try Int64.fetchOne(
          db.cachedStatement(sql: "SELECT MAX(id) FROM \(tableName) WHERE col = ?"),
          arguments: [column]) ?? 0
      guard last < Int64(UInt32.max) else { throw BlockStoreError.dictionaryFull(column: column) }
      id = last + 1
      try db.cachedStatement(sql: "INSERT INTO \(tableName) (col, id, value) VALUES (?, ?, ?)")
        .execute(arguments: [column, id, value])
    }
    try cacheWhenCommitted(column, in: db)
    return UInt32(id)
  }

  /// The ids of `column` whose value satisfies `predicate` (id 0 when `""` does), for
  /// turning a string filter into an id filter before a scan.
  public func ids(matching predicate: (String) -> Bool, column: String) -> Set<UInt32> {
    state.withLock { state in
      let values = state.columns[column]?.values ?? [""]
      var matching = Set<UInt32>()
      for (id, value) in values.enumerated() where predicate(value) {
        matching.insert(UInt32(id))
      }
      return matching
    }
  }

  /// The committed id of `value` in `column`, without adding it; nil when it was never
  /// stored (a filter on it matches nothing). `""` is always id 0.
  public func existingID(_ value: String, column: String) -> UInt32? {
    if value.isEmpty { return 0 }
    return state.withLock { $0.columns[column]?.ids[ColumnCodec.UTF8Key(value)] }
  }

  /// The string of `id` in `column`; `""` for 0 and for ids not (yet) committed.
  public func value(_ id: UInt32, column: String) -> String {
    state.withLock { state in
      guard let values = state.columns[column]?.values, Int(id) < values.count else { return "" }
      return values[Int(id)]
    }
  }

  /// Every committed value of `column`, indexed by id (`[0]` is `""`): one lock for
  /// turning a whole decoded id column into strings.
  public func values(column: String) -> [String] {
    state.withLock { $0.columns[column]?.values ?? [""] }
  }

  /// Replaces the cache with every pair stored in the database; call it at open.
  public func load(from db: Database) throws {
    var columns: [String: Entries] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT col, id, value FROM \(tableName)")
    while let row = try rows.next() {
      let id: Int64 = row[1]
      guard let compact = UInt32(exactly: id) else { continue }
      columns[row[0], default: Entries()].add(row[2], id: compact)
    }
    state.withLock { $0.columns = columns }
  }

  /// Arranges for the new rows of `column` to be cached once they are committed.
  private func cacheWhenCommitted(_ column: String, in db: Database) throws {
    guard db.isInsideTransaction else {
      try cacheNewRows(of: column, in: db)
      return
    }
    let register = state.withLock { state in
      state.touched.insert(column)
      defer { state.commitHookRegistered = true }
      return !state.commitHookRegistered
    }
    guard register else { return }
    db.afterNextTransaction(
      onCommit: { [self] db in
        let touched = state.withLock { state in
          defer { (state.touched, state.commitHookRegistered) = ([], false) }
          return state.touched
        }
        // A failed read leaves the pairs uncached: `id(for:)` still finds them in the
        // database, and the next commit touching the column retries.
        for column in touched { try? cacheNewRows(of: column, in: db) }
      },
      onRollback: { [self] _ in
        state.withLock { (($0.touched), $0.commitHookRegistered) = ([], false) }
      })
  }

  /// Caches the committed rows of `column` with ids above the cached maximum.
  private func cacheNewRows(of column: String, in db: Database) throws {
    let known = state.withLock { ($0.columns[column]?.values.count ?? 1) - 1 }
    let rows = try Row.fetchAll(
      db.cachedStatement(
        sql: "SELECT id, value FROM \(tableName) WHERE col = ? AND id > ? ORDER BY id"),
      arguments: [column, known])
    state.withLock { state in
      for row in rows {
        let id: Int64 = row[0]
        guard let compact = UInt32(exactly: id) else { continue }
        state.columns[column, default: Entries()].add(row[1], id: compact)
      }
    }
  }
}
