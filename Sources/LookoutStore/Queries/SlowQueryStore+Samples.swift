import Foundation
import GRDB
import LookoutCore

extension SlowQueryStore {
  /// The slowest calls of one class in `range` (in one environment when given), slowest
  /// first, read from the raw blocks (their statements only for the rows shown).
  public func slowestCalls(
    project: Int64, classID: String, engine: SlowQueryRecord.Engine, range: TimeRange, limit: Int,
    environment: String? = nil
  ) async throws -> [SlowQueryRecord] {
    guard limit > 0,
      let classKey = dictionary.existingID(classID, column: SlowQueryColumn.classID.name)
    else { return [] }
    let environmentKey: UInt32?
    if let environment {
      // An environment never stored matches nothing.
      guard
        let key = self.dictionary.existingID(
          environment, column: SlowQueryColumn.environment.name)
      else { return [] }
      environmentKey = key
    } else {
      environmentKey = nil
    }
    let numeric: [SlowQueryColumn] = [
      .timestamp, .classID, .queryTime, .lockTime, .rowsSent, .rowsExamined, .rowsAffected,
      .environment,
    ]
    let candidates = try await blocks.scan(
      database, project: project, range: range, columns: numeric.map(\.rawValue)
    ) { info, vectors -> [(block: BlockInfo, row: Int, micros: Int64)] in
      let timestamps = vectors[SlowQueryColumn.timestamp.rawValue]!.int64Values!
      let classes = vectors[SlowQueryColumn.classID.rawValue]!.dictionaryIDs!
      let times = vectors[SlowQueryColumn.queryTime.rawValue]!.int64Values!
      let environments = vectors[SlowQueryColumn.environment.rawValue]!.dictionaryIDs!
      var rows: [(block: BlockInfo, row: Int, micros: Int64)] = []
      for row in timestamps.indices
      where classes[row] == classKey && range.contains(timestamps[row])
        && (environmentKey == nil || environments[row] == environmentKey)
      {
        rows.append((info, row, times[row]))
      }
      return Array(rows.sorted { $0.micros > $1.micros }.prefix(limit))
    }
    let chosen = candidates.joined().sorted { $0.micros > $1.micros }.prefix(limit)
    let byBlock = Dictionary(grouping: chosen, by: \.block.id)
    let dictionary = self.dictionary
    let blocks = self.blocks
    let records = try await database.read { db in
      var records: [SlowQueryRecord] = []
      for (_, picks) in byBlock {
        let info = picks[0].block
        let rows = picks.map(\.row)
        let vectors: [Int: ColumnVector]
        do {
          vectors = try blocks.read(
            info, columns: SlowQueryColumn.allCases.map(\.rawValue), rows: rows, in: db)
        } catch BlockStoreError.blockNotFound {
          continue  // compacted since the scan; its rows moved, rarely missed
        }
        for index in rows.indices {
          var record = Self.record(at: index, of: vectors, classID: classID, dictionary)
          record.engine = engine
          records.append(record)
        }
      }
      return records
    }
    return records.sorted { $0.queryTime > $1.queryTime }
  }

  /// The call at `index` of decoded vectors.
  static func record(
    at index: Int, of vectors: [Int: ColumnVector], classID: String,
    _ dictionary: StringDictionary
  ) -> SlowQueryRecord {
    func int(_ column: SlowQueryColumn) -> Int64? {
      let value = vectors[column.rawValue]?.int64Values?[index] ?? .min
      return value == .min ? nil : value
    }
    func text(_ column: SlowQueryColumn) -> String {
      dictionary.value(vectors[column.rawValue]?.dictionaryIDs?[index] ?? 0, column: column.name)
    }
    return SlowQueryRecord(
      timestamp: int(.timestamp) ?? 0, engine: .mysql,
      statement: vectors[SlowQueryColumn.statement.rawValue]?.stringValues?[index] ?? "",
      queryTime: int(.queryTime) ?? 0, lockTime: int(.lockTime), rowsSent: int(.rowsSent),
      rowsExamined: int(.rowsExamined), rowsAffected: int(.rowsAffected),
      database: text(.database), user: text(.user), host: text(.host), classID: classID)
  }
}
