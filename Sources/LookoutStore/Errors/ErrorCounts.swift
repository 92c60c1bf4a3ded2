import GRDB

/// The per-minute and per-tag counts of a set of error events, logged per batch and
/// folded into `issue_minute` and `issue_tag` in bulk.
///
/// Upserting a batch's counts cost as much CPU as storing its events: seven or so tag rows
/// per event (environment, level, release, server, transaction, user, the SDK's tags),
/// each a B-tree write, with few rows shared inside a batch. So a batch appends its counts
/// as one row of `error_count_log`, in its own transaction (durable with its events, and
/// rolled back with them), and ``ErrorStore`` folds the log about once a second: every
/// counter row is then written once for all the batches of that second. Readers of the
/// counters fold first (``ErrorStore/settle()``), so they never see a count behind the
/// events.
///
/// ```swift
/// try db.execute(sql: "INSERT INTO error_count_log (counts) VALUES (?)",
///                arguments: [Data(counts.encoded())])
/// var total = ErrorCounts()
/// total.add(try ErrorCounts(decoding: row))
/// try total.write(in: db)
/// ```
struct ErrorCounts: Equatable {
  var minutes: [ErrorBatchTally.MinuteKey: Int] = [:]
  var tags: [ErrorBatchTally.TagKey: Int] = [:]

  var isEmpty: Bool { minutes.isEmpty && tags.isEmpty }

  /// No counts.
  init() {}

  /// Adds `other`'s counts to these.
  mutating func add(_ other: ErrorCounts) {
    minutes.merge(other.minutes, uniquingKeysWith: +)
    tags.merge(other.tags, uniquingKeysWith: +)
  }

  /// Upserts every counter row once.
  func write(in db: Database) throws {
    let minuteStatement = try db.cachedStatement(
      sql: """
        INSERT INTO issue_minute (issue_id, minute, environment, release, count)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET count = count + excluded.count
        """)
    for (key, count) in minutes {
      try minuteStatement.execute(arguments: [
        key.issueID, key.minute, key.environment, key.release, count,
      ])
    }
    let tagStatement = try db.cachedStatement(
      sql: """
        INSERT INTO issue_tag (issue_id, key, value, count) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET count = count + excluded.count
        """)
    for (key, count) in tags {
      try tagStatement.execute(arguments: [key.issueID, key.key, key.value, count])
    }
  }

  // MARK: Log format

  /// Version 1: `u8 1`, `varint m`, m × (`varint issue`, `zigzag minute`, string
  /// environment, string release, `varint count`), `varint t`, t × (`varint issue`, string
  /// key, string value, `varint count`); a string is `varint length` and UTF-8 bytes.
  func encoded() -> [UInt8] {
    var writer = ColumnBlobWriter(capacity: 32 * (minutes.count + tags.count) + 8)
    writer.byte(1)
    writer.varint(UInt64(minutes.count))
    for (key, count) in minutes {
      writer.varint(UInt64(key.issueID))
      writer.zigzag(key.minute)
      Self.write(key.environment, to: &writer)
      Self.write(key.release, to: &writer)
      writer.varint(UInt64(count))
    }
    writer.varint(UInt64(tags.count))
    for (key, count) in tags {
      writer.varint(UInt64(key.issueID))
      Self.write(key.key, to: &writer)
      Self.write(key.value, to: &writer)
      writer.varint(UInt64(count))
    }
    return writer.bytes
  }

  /// Reads ``encoded()``.
  ///
  /// - Throws: ``BlockStoreError/corruptBlock(_:)`` for bytes it did not write.
  init(decoding bytes: [UInt8]) throws {
    self = try bytes.withUnsafeBytes { buffer in
      var reader = ColumnBlobReader(buffer)
      guard try reader.byte() == 1 else {
        throw BlockStoreError.corruptBlock("unknown error count log version")
      }
      var counts = ErrorCounts()
      for _ in 0..<(try reader.count(limit: bytes.count)) {
        let key = ErrorBatchTally.MinuteKey(
          issueID: Int64(try reader.varint()), minute: try reader.zigzag(),
          environment: try Self.string(&reader), release: try Self.string(&reader))
        counts.minutes[key, default: 0] += Int(try reader.varint())
      }
      for _ in 0..<(try reader.count(limit: bytes.count)) {
        let key = ErrorBatchTally.TagKey(
          issueID: Int64(try reader.varint()), key: try Self.string(&reader),
          value: try Self.string(&reader))
        counts.tags[key, default: 0] += Int(try reader.varint())
      }
      guard reader.remaining == 0 else {
        throw BlockStoreError.corruptBlock("bytes after the error counts")
      }
      return counts
    }
  }

  private static func write(_ text: String, to writer: inout ColumnBlobWriter) {
    writer.varint(UInt64(text.utf8.count))
    writer.append(Array(text.utf8))
  }

  private static func string(_ reader: inout ColumnBlobReader) throws -> String {
    let length = try reader.count(limit: reader.remaining)
    return String(decoding: try reader.bytes(length), as: UTF8.self)
  }
}
