import Foundation
import LookoutCore

/// Applies single commands to a table: the row-by-row commands on every scanned batch, and
/// the rest on the materialized table after the first `stats` (or when rows are collected).
struct StageRunner: Sendable {
  let evaluator: ExpressionEvaluator
  let patterns: (any PatternMining)?
  /// The query's range: `pattern` counts each pattern in slices of it (`@timeline`).
  var range: TimeRange? = nil

  /// How many slices of the range `@timeline` counts.
  static let timelineSlices = 24

  /// Whether `command` works batch by batch, without seeing the other rows.
  static func isStreaming(_ command: Command) -> Bool {
    switch command {
    case .fields, .display, .filter, .parse: true
    default: false
    }
  }

  /// Applies a streaming command to one batch.
  func stream(_ command: Command, _ table: inout QueryTable) {
    switch command {
    case .fields(let items):
      for item in items {
        if case .field(let name) = item.expression.kind, item.alias == nil,
          table.batch.column(name) != nil
        {
          continue
        }
        table.batch.set(item.name, evaluator.evaluate(item.expression, table.batch))
      }
      table.display = items.map(\.name)
    case .display(let items):
      table.display = items.map(\.name)
    case .filter(let condition):
      let keep = evaluator.predicate(condition, table.batch)
      if keep.contains(false) {
        table.batch = table.batch.gather(keep.indices.filter { keep[$0] })
      }
    case .parse(let parse):
      self.parse(parse, &table.batch)
    default:
      break
    }
  }

  /// Applies any command but `diff` (which the engine runs) to a whole table.
  func apply(_ command: Command, _ table: inout QueryTable) {
    switch command {
    case .fields, .display, .filter, .parse:
      stream(command, &table)
    case .stats(let stats):
      var accumulator = StatsAccumulator(stats, evaluator: evaluator)
      accumulator.add(table.batch)
      table = QueryTable(batch: accumulator.finish(), display: nil)
    case .sort(let keys):
      table.batch = table.batch.gather(sortedRows(table.batch, keys))
    case .limit(let count):
      if table.batch.rowCount > count { table.batch = table.batch.gather(Array(0..<count)) }
    case .dedup(let fields):
      let columns = fields.map { evaluator.evaluate($0, table.batch) }
      var seen: Set<[QueryValue]> = []
      let rows = (0..<table.batch.rowCount).filter { row in
        seen.insert(columns.map { $0.value(at: row) }).inserted
      }
      if rows.count < table.batch.rowCount { table.batch = table.batch.gather(rows) }
    case .pattern(let field):
      table = QueryTable(batch: pattern(field, table.batch), display: nil)
    case .diff:
      break
    }
  }

  /// Row order for `sort`: each key in turn, nulls last either way, ties in input order.
  func sortedRows(_ batch: QueryBatch, _ keys: [SortKey]) -> [Int] {
    let columns = keys.map { evaluator.evaluate($0.expression, batch) }
    // Numeric keys compare as doubles without building a value per comparison.
    // Text that reads as numbers throughout (fields parsed from messages) sorts as numbers.
    let numeric = columns.map { column -> [Double]? in
      switch column.values {
      case .int, .double: return column.numbers().values
      case .bool: return nil
      case .string, .dictionary:
        let (values, present) = column.numbers()
        let allNumeric = (0..<column.count).allSatisfy {
          !column.isPresent($0) || (present?[$0] ?? true)
        }
        return allNumeric ? values : nil
      }
    }
    return (0..<batch.rowCount).sorted { a, b in
      for (index, key) in keys.enumerated() {
        let column = columns[index]
        let presentA = column.isPresent(a)
        let presentB = column.isPresent(b)
        if !presentA || !presentB {
          if presentA == presentB { continue }
          return presentA
        }
        let order: ComparisonResult
        if let values = numeric[index] {
          order =
            values[a] < values[b]
            ? .orderedAscending : (values[a] > values[b] ? .orderedDescending : .orderedSame)
        } else {
          order = QueryValue.compare(column.value(at: a), column.value(at: b))
        }
        if order == .orderedSame { continue }
        return key.descending ? order == .orderedDescending : order == .orderedAscending
      }
      return a < b
    }
  }

  /// Adds the fields `parse` captures; rows that do not match get nulls.
  private func parse(_ parse: ParseCommand, _ batch: inout QueryBatch) {
    let source = evaluator.evaluate(parse.field, batch)
    let texts = source.stringValues()
    switch parse.pattern {
    case .glob(let glob, let names):
      let literals = glob.components(separatedBy: "*")
      var outputs = [[String]](
        repeating: [String](repeating: "", count: batch.rowCount), count: names.count)
      var matched = [Bool](repeating: false, count: batch.rowCount)
      for row in 0..<batch.rowCount where source.isPresent(row) {
        guard let captures = StageRunner.matchGlob(literals, texts[row]) else { continue }
        matched[row] = true
        for index in names.indices { outputs[index][row] = captures[index] }
      }
      for (index, name) in names.enumerated() {
        batch.set(name, QueryColumn(.string(outputs[index]), present: matched))
      }
    case .regex(let pattern):
      guard let regex = evaluator.regexes[pattern] else { return }
      var matcher = RegexMatcher(regex.program)
      var outputs = [[String]](
        repeating: [String](repeating: "", count: batch.rowCount), count: regex.groupNames.count)
      var present = [[Bool]](
        repeating: [Bool](repeating: false, count: batch.rowCount), count: regex.groupNames.count)
      for row in 0..<batch.rowCount where source.isPresent(row) {
        guard let captures = matcher.captures(in: texts[row]) else { continue }
        for (index, name) in regex.groupNames.enumerated() {
          if let value = captures[name] {
            outputs[index][row] = value
            present[index][row] = true
          }
        }
      }
      for (index, name) in regex.groupNames.enumerated() {
        batch.set(name, QueryColumn(.string(outputs[index]), present: present[index]))
      }
    }
  }

  /// Matches a glob split at its `*`s: each literal is found in turn after the previous one,
  /// and each `*` captures the text between. A trailing `*` takes the rest of the text.
  static func matchGlob(_ literals: [String], _ text: String) -> [String]? {
    var cursor = text.startIndex
    if let first = literals.first, !first.isEmpty {
      guard let found = text.range(of: first) else { return nil }
      cursor = found.upperBound
    }
    var captures: [String] = []
    for (index, literal) in literals.enumerated().dropFirst() {
      if literal.isEmpty {
        // A `*` at the end takes the rest; of two `*` in a row the first captures nothing.
        if index == literals.count - 1 {
          captures.append(String(text[cursor...]))
          cursor = text.endIndex
        } else {
          captures.append("")
        }
        continue
      }
      guard let found = text.range(of: literal, range: cursor..<text.endIndex) else { return nil }
      captures.append(String(text[cursor..<found.lowerBound]))
      cursor = found.upperBound
    }
    return captures
  }

  /// The `pattern` table: one row per pattern, most frequent first, with `@timeline`: the
  /// pattern's count in each of ``timelineSlices`` equal slices of the query range, as
  /// numbers separated by spaces (empty when the rows carry no `@timestamp` or the miner
  /// does not say which values each pattern took).
  private func pattern(_ field: Expression, _ batch: QueryBatch) -> QueryBatch {
    let column = evaluator.evaluate(field, batch)
    let texts = column.stringValues()
    let rows = (0..<batch.rowCount).filter { column.isPresent($0) }
    let values = rows.map { texts[$0] }
    let mined = (patterns?.mine(values) ?? []).sorted { $0.count > $1.count }
    let total = Double(max(1, values.count))
    var timelines = [String](repeating: "", count: mined.count)
    if let range, range.to > range.from, let times = batch.column("@timestamp"),
      case .int(let stamps) = times.values
    {
      let width = Double(range.to - range.from) / Double(Self.timelineSlices)
      for (index, pattern) in mined.enumerated() where !pattern.members.isEmpty {
        var counts = [Int](repeating: 0, count: Self.timelineSlices)
        for member in pattern.members where member < rows.count {
          let slice = Int(Double(stamps[rows[member]] - range.from) / width)
          counts[min(max(slice, 0), Self.timelineSlices - 1)] += 1
        }
        timelines[index] = counts.map(String.init).joined(separator: " ")
      }
    }
    return QueryBatch(
      rowCount: mined.count,
      columns: [
        ("@pattern", QueryColumn(.string(mined.map(\.pattern)))),
        ("@ratio", QueryColumn(.double(mined.map { Double($0.count) / total }))),
        ("@sampleCount", QueryColumn(.int(mined.map { Int64($0.count) }))),
        ("@severityLabel", QueryColumn(.string(mined.map(\.severity)))),
        ("@sample", QueryColumn(.string(mined.map(\.sample)))),
        ("@timeline", QueryColumn(.string(timelines))),
      ])
  }
}
