import Foundation
import LookoutServer

/// The table report of `lookout digest mysql-slow|postgres`, laid out like
/// pt-query-digest's: an overall line, the profile ranked by total time, then each class
/// with its attribute table and its slowest statement.
enum SlowLogDigestRendering {
  static func table(_ report: SlowLogFileDigest.Report, limit: Int) -> String {
    var out = "# \(report.queries) queries, \(report.classes.count) classes, "
    out += "\(seconds(report.totalS)) total, \(report.badEntries) bad entries\n"
    for example in report.badExamples {
      out +=
        "#   bad entry \(example.file.map { "\($0):" } ?? "")\(example.line): \(example.reason)\n"
    }
    out += "\n# Profile\n"
    var rows = [["Rank", "Query ID", "Response time", "%", "Calls", "R/Call", "V/M", "Item"]]
    for (index, item) in report.classes.enumerated() {
      rows.append([
        String(index + 1), "0x" + item.id, String(format: "%.4f", item.totalS),
        String(format: "%.1f%%", item.share * 100), String(item.calls),
        String(format: "%.4f", item.avgS), String(format: "%.2f", item.varianceToMean),
        shortened(item.fingerprint, 60),
      ])
    }
    out += aligned(rows, leftColumns: [1, 7])
    for (index, item) in report.classes.prefix(max(0, limit)).enumerated() {
      out += "\n# Query \(index + 1): ID 0x\(item.id), \(item.calls) calls, "
      out += String(format: "%.1f%% of total time", item.share * 100) + "\n"
      if !item.tables.isEmpty { out += "# Tables: \(item.tables.joined(separator: ", "))\n" }
      var attributes = [["Attribute", "total", "min", "max", "avg", "95%", "median"]]
      attributes.append(
        [
          "Exec time", seconds(item.totalS), seconds(item.minS), seconds(item.maxS),
          seconds(item.avgS), seconds(item.p95S), seconds(item.medianS),
        ])
      if let lock = item.lockTime {
        attributes.append(
          ["Lock time"]
            + [lock.total, lock.min, lock.max, lock.avg, lock.p95, lock.median].map(seconds))
      }
      for (name, attribute) in [
        ("Rows sent", item.rowsSent), ("Rows examine", item.rowsExamined),
        ("Rows affecte", item.rowsAffected),
      ] {
        guard let attribute else { continue }
        attributes.append(
          [name]
            + [
              attribute.total, attribute.min, attribute.max, attribute.avg, attribute.p95,
              attribute.median,
            ].map(count))
      }
      out +=
        aligned(attributes, leftColumns: [0]).split(separator: "\n").map { "# " + $0 }
        .joined(separator: "\n") + "\n"
      for (label, values) in [
        ("Databases", item.databases), ("Users", item.users), ("Hosts", item.hosts),
      ] where !values.isEmpty {
        let top = values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
        out += "# \(label): " + top.map { "\($0.key) (\($0.value))" }.joined(separator: ", ") + "\n"
      }
      out += "# Fingerprint: \(item.fingerprint)\n"
      out += item.sample.hasSuffix(";") ? item.sample + "\n" : item.sample + ";\n"
    }
    return out
  }

  static func seconds(_ value: Double) -> String {
    switch value {
    case 0: "0"
    case ..<0.001: String(format: "%.0fus", value * 1e6)
    case ..<1: String(format: "%.0fms", value * 1e3)
    default: String(format: "%.2fs", value)
    }
  }

  static func count(_ value: Double) -> String {
    value == value.rounded() && value < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
  }

  static func shortened(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
  }

  /// Rows as columns padded to their widest cell; numbers right-aligned.
  static func aligned(_ rows: [[String]], leftColumns: Set<Int>) -> String {
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      row.indices.map { column in
        let pad = String(repeating: " ", count: widths[column] - row[column].count)
        return leftColumns.contains(column) ? row[column] + pad : pad + row[column]
      }.joined(separator: " ").replacingOccurrences(
        of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n") + "\n"
  }
}
