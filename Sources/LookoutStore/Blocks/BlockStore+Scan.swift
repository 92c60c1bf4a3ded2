import Foundation
import GRDB
import LookoutCore

extension BlockStore {
  /// How many times a scan lists blocks again after one of them vanished under it
  /// (compacted or dropped) before it falls back to a single serial read.
  static let scanAttempts = 3

  /// Reads the blocks of `project` overlapping `range` on all cores and folds each into a
  /// `Partial` with `body`; returns the partials in block order, for the caller to merge.
  ///
  /// Blocks are listed once, filtered by `keep` (push time-independent predicates down to
  /// block statistics here), then fetched and decoded by up to
  /// `ProcessInfo.activeProcessorCount` concurrent tasks, each on its own reader
  /// connection. `body` receives every row of a block, including those outside `range`:
  /// it filters by `ts` itself.
  ///
  /// The result is that of one consistent state of the database: block ids are never
  /// reused and blocks never change, so if any listed block vanished (compaction,
  /// retention) before it was read, the scan starts over.
  ///
  /// ```swift
  /// let errorCounts = try await store.scan(pool, project: 1, range: range, columns: [0, 2],
  ///   where: { $0.stats[2].mayOverlap(500...599) }
  /// ) { _, vectors in
  ///   zip(vectors[0]!.int64Values!, vectors[2]!.int64Values!)
  ///     .filter { range.contains($0.0) && $0.1 >= 500 }.count
  /// }
  /// let total = errorCounts.reduce(0, +)
  /// ```
  ///
  /// - Parameters:
  ///   - reader: A `DatabasePool` for parallel reads (a queue works, serially).
  ///   - columns: Schema positions to decode; `body` finds them in its dictionary.
  ///   - keep: Whether to read a block at all, judged from its ``BlockInfo``.
  ///   - body: Turns one block's columns into a partial result; runs concurrently.
  /// - Throws: ``BlockStoreError/unknownColumn(_:)``, decoding or database errors, what
  ///   `body` throws, or `CancellationError`.
  public func scan<Partial: Sendable>(
    _ reader: any DatabaseReader, project: Int64, range: TimeRange, columns: [Int],
    where keep: @Sendable (BlockInfo) -> Bool = { _ in true },
    _ body: @Sendable (BlockInfo, [Int: ColumnVector]) throws -> Partial
  ) async throws -> [Partial] {
    for column in columns where !schema.columns.indices.contains(column) {
      throw BlockStoreError.unknownColumn(column)
    }
    return try await withoutActuallyEscaping(body) { body in
      for _ in 0..<Self.scanAttempts {
        let listed = try await reader.read { db in
          try self.blocks(project: project, range: range, in: db)
        }
        let infos = listed.filter(keep)
        if let partials = try await scanInParallel(reader, infos, columns: columns, body: body) {
          return partials
        }
      }
      // Blocks kept vanishing under the scan: read one snapshot, serially.
      let listed = try await reader.read { db in
        try self.blocks(project: project, range: range, in: db)
      }
      let wanted = Set(listed.filter(keep).map(\.id))
      return try await reader.read { db in
        try self.blocks(project: project, range: range, in: db)
          .filter { wanted.contains($0.id) }
          .map { info in try body(info, try self.read(info, columns: columns, in: db)) }
      }
    }
  }

  /// Reads and folds `infos` with bounded parallelism; nil when a block had vanished.
  private func scanInParallel<Partial: Sendable>(
    _ reader: any DatabaseReader, _ infos: [BlockInfo], columns: [Int],
    body: @escaping @Sendable (BlockInfo, [Int: ColumnVector]) throws -> Partial
  ) async throws -> [Partial]? {
    guard !infos.isEmpty else { return [] }
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, infos.count))
    return try await withThrowingTaskGroup(of: (Int, Partial?).self) { group in
      var next = 0
      func submit(_ group: inout ThrowingTaskGroup<(Int, Partial?), any Error>) {
        let index = next
        let info = infos[index]
        next += 1
        group.addTask {
          let vectors = try await reader.read { db in
            try self.readIfPresent(info, columns: columns, in: db)
          }
          guard let vectors else { return (index, nil) }
          return (index, .some(try body(info, vectors)))
        }
      }
      for _ in 0..<workers { submit(&group) }
      var partials = [Partial?](repeating: nil, count: infos.count)
      while let (index, partial) = try await group.next() {
        guard let partial else {
          group.cancelAll()
          return nil
        }
        partials[index] = partial
        if next < infos.count { submit(&group) }
      }
      return partials.map { $0! }
    }
  }
}
