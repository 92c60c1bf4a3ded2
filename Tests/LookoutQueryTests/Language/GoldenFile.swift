import Foundation
import LookoutCore
import LookoutQuery

/// A golden file: in-memory sources, then queries with the table (as CSV), error or partial
/// reason each must give.
///
/// ```
/// -- source requests partitions=2 batch=3
/// @timestamp:timestamp,route:dict,duration:double,status:int
/// 0,/a,12.5,200
/// -- query range=0,86400 rows=100
/// source requests | stats count(*) by route | sort route
/// -- expect
/// route,count(*)
/// /a,1
/// -- error
/// unknown field 'x' (...) at 1:20
/// ```
///
/// Timestamps in data and `range=` are seconds (decimals allowed); the engine sees
/// microseconds. Empty CSV fields are nulls. `partial` lines give the expected reason.
struct GoldenFile {
  struct Case {
    var query: String
    var line: Int
    var range = TimeRange(from: 0, to: 30 * 86_400_000_000)
    // Generous wall time: suites run in parallel on shared cores; the goldens that test
    // the time budget set their own.
    var budget = QueryBudget(maxWallTime: .seconds(3600))
    var expectedCSV: String?
    var expectedError: String?
    var expectedPartial: String?
    var expectedRollups: Bool?
  }

  var sources: [String: InMemoryQuerySource] = [:]
  var cases: [Case] = []

  enum Failure: Error, CustomStringConvertible {
    case malformed(String, line: Int)
    var description: String {
      switch self {
      case .malformed(let message, let line): "line \(line): \(message)"
      }
    }
  }

  init(_ text: String) throws {
    let lines = text.components(separatedBy: "\n")
    var index = 0
    func body() -> [String] {
      var out: [String] = []
      while index < lines.count, !lines[index].hasPrefix("-- ") {
        out.append(lines[index])
        index += 1
      }
      while let last = out.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
        out.removeLast()
      }
      return out
    }
    while index < lines.count {
      let header = lines[index]
      let lineNumber = index + 1
      index += 1
      guard header.hasPrefix("-- ") else {
        if header.trimmingCharacters(in: .whitespaces).isEmpty || header.hasPrefix("#") { continue }
        throw Failure.malformed("expected a '-- ' section", line: lineNumber)
      }
      let words = header.dropFirst(3).split(separator: " ").map(String.init)
      let options = Dictionary(
        words.dropFirst().compactMap { word -> (String, String)? in
          let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
          return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { $1 })
      switch words.first ?? "" {
      case "source":
        guard words.count >= 2 else {
          throw Failure.malformed("source needs a name", line: lineNumber)
        }
        sources[words[1]] = try GoldenFile.source(
          words[1], body(), partitions: Int(options["partitions"] ?? "1") ?? 1,
          batch: Int(options["batch"] ?? "65536") ?? 65536, line: lineNumber)
      case "query":
        var item = Case(query: body().joined(separator: "\n"), line: lineNumber)
        if let range = options["range"] {
          let bounds = range.split(separator: ",").compactMap { Double($0) }
          guard bounds.count == 2 else {
            throw Failure.malformed("range=FROM,TO in seconds", line: lineNumber)
          }
          item.range = TimeRange(from: Int64(bounds[0] * 1e6), to: Int64(bounds[1] * 1e6))
        }
        if let rows = options["rows"].flatMap(Int.init) { item.budget.maxRowsScanned = rows }
        if let limit = options["limit"].flatMap(Int.init) { item.budget.defaultLimit = limit }
        if let millis = options["timeout_ms"].flatMap(Int.init) {
          item.budget.maxWallTime = .milliseconds(millis)
        }
        if let rollups = options["rollups"] { item.expectedRollups = rollups == "true" }
        cases.append(item)
      case "expect":
        guard !cases.isEmpty else {
          throw Failure.malformed("expect before query", line: lineNumber)
        }
        cases[cases.count - 1].expectedCSV = body().joined(separator: "\n") + "\n"
      case "error":
        guard !cases.isEmpty else {
          throw Failure.malformed("error before query", line: lineNumber)
        }
        cases[cases.count - 1].expectedError = body().joined(separator: "\n")
      case "partial":
        guard !cases.isEmpty else {
          throw Failure.malformed("partial before query", line: lineNumber)
        }
        cases[cases.count - 1].expectedPartial = body().joined(separator: "\n")
      default:
        throw Failure.malformed("unknown section '\(header)'", line: lineNumber)
      }
    }
  }

  /// Builds an in-memory source from a header `name:type,...` and CSV rows.
  static func source(_ name: String, _ lines: [String], partitions: Int, batch: Int, line: Int)
    throws
    -> InMemoryQuerySource
  {
    guard let header = lines.first else {
      throw Failure.malformed("source without header", line: line)
    }
    let specs = header.split(separator: ",").map { $0.split(separator: ":").map(String.init) }
    var fields: [QueryFieldInfo] = []
    for spec in specs {
      guard spec.count == 2 else {
        throw Failure.malformed("header field must be name:type", line: line)
      }
      let type: QueryFieldType
      switch spec[1] {
      case "int": type = .int
      case "double": type = .double
      case "string", "dict": type = .string
      case "bool": type = .bool
      case "timestamp": type = .timestamp
      default: throw Failure.malformed("unknown type \(spec[1])", line: line)
      }
      fields.append(QueryFieldInfo(name: spec[0], type: type, isDictionary: spec[1] == "dict"))
    }
    var cells = [[String?]](repeating: [], count: fields.count)
    for (offset, row) in lines.dropFirst().enumerated() where !row.isEmpty {
      let values = splitCSV(row)
      guard values.count == fields.count else {
        throw Failure.malformed(
          "row has \(values.count) fields, header \(fields.count)", line: line + offset + 2)
      }
      for (index, value) in values.enumerated() { cells[index].append(value) }
    }
    var columns: [String: QueryColumn] = [:]
    for (index, field) in fields.enumerated() {
      let raw = cells[index]
      let present = raw.map { $0 != nil }
      let mask = present.allSatisfy { $0 } ? nil : present
      switch specs[index][1] {
      case "int":
        columns[field.name] = QueryColumn(.int(raw.map { Int64($0 ?? "0") ?? 0 }), present: mask)
      case "double":
        columns[field.name] = QueryColumn(
          .double(raw.map { Double($0 ?? "0") ?? 0 }), present: mask)
      case "timestamp":
        columns[field.name] = QueryColumn(
          .int(raw.map { Int64((Double($0 ?? "0") ?? 0) * 1e6) }), present: mask)
      case "bool": columns[field.name] = QueryColumn(.bool(raw.map { $0 == "true" }), present: mask)
      case "dict":
        var dictionary: [String] = []
        var ids: [String: Int32] = [:]
        let codes = raw.map { value -> Int32 in
          let word = value ?? ""
          if let id = ids[word] { return id }
          ids[word] = Int32(dictionary.count)
          dictionary.append(word)
          return Int32(dictionary.count - 1)
        }
        columns[field.name] = QueryColumn(
          .dictionary(codes: codes, dictionary: dictionary), present: mask)
      default: columns[field.name] = QueryColumn(.string(raw.map { $0 ?? "" }), present: mask)
      }
    }
    return InMemoryQuerySource(
      name: name, fields: fields, columns: columns, batchSize: batch, partitionCount: partitions)
  }

  /// Splits one CSV line; `""` inside quotes is a quote; an empty unquoted field is nil.
  static func splitCSV(_ line: String) -> [String?] {
    var fields: [String?] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var iterator = Array(line).makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              current.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          current.append(character)
        }
      } else if character == "\"" {
        quoted = true
        wasQuoted = true
      } else if character == "," {
        fields.append(current.isEmpty && !wasQuoted ? nil : current)
        current = ""
        wasQuoted = false
      } else {
        current.append(character)
      }
    }
    fields.append(current.isEmpty && !wasQuoted ? nil : current)
    return fields
  }
}

/// A pattern miner for tests: digits become `<*>`, equal results group together, and a line
/// containing ERROR is labelled ERROR.
struct DigitMaskingMiner: PatternMining {
  func mine(_ values: [String]) -> [MinedPattern] {
    var order: [String] = []
    var found: [String: MinedPattern] = [:]
    for (position, value) in values.enumerated() {
      var pattern = ""
      var inDigits = false
      for character in value {
        if character.isNumber {
          if !inDigits { pattern += "<*>" }
          inDigits = true
        } else {
          pattern.append(character)
          inDigits = false
        }
      }
      if found[pattern] == nil {
        order.append(pattern)
        found[pattern] = MinedPattern(
          pattern: pattern, count: 0, sample: value,
          severity: value.contains("ERROR") ? "ERROR" : "INFO")
      }
      found[pattern]?.count += 1
      found[pattern]?.members.append(position)
    }
    return order.compactMap { found[$0] }
  }
}
