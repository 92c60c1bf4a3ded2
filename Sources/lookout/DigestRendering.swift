import Foundation
import LookoutAnalysis
import LookoutServer

/// Text renderings of a digest report for people (table) and spreadsheets (CSV).
enum DigestRendering {
  static func table(_ report: NginxFileDigest.Report, top: Int) -> String {
    var out = "\(report.lines) lines, \(report.badLines) bad, \(report.routes.count) routes\n"
    for example in report.badExamples {
      out += "  bad line \(example.file.map { "\($0):" } ?? "")\(example.line): \(example.reason)\n"
    }
    let header = [
      "METHOD", "ROUTE", "DOMAIN", "COUNT", "4XX", "5XX", "ERR%", "AVG", "P50", "P95", "P99", "MAX",
      "TOTAL",
    ]
    var rows = [header]
    let shown = top > 0 ? Array(report.routes.prefix(top)) : report.routes
    for r in shown {
      rows.append([
        r.method, r.route, r.domain, String(r.count), String(r.status4xx), String(r.status5xx),
        String(format: "%.2f", r.errorRate * 100), ms(r.avgMs), ms(r.p50Ms), ms(r.p95Ms),
        ms(r.p99Ms),
        ms(r.maxMs), seconds(r.totalMs),
      ])
    }
    let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      out +=
        row.indices.map { column in
          let cell = row[column]
          let pad = String(repeating: " ", count: widths[column] - cell.count)
          return column < 3 ? cell + pad : pad + cell
        }.joined(separator: "  ") + "\n"
    }
    if shown.count < report.routes.count {
      out += "(\(report.routes.count - shown.count) more routes; --top 0 shows all)\n"
    }
    return out
  }

  static func csv(_ report: NginxFileDigest.Report) -> String {
    var lines = [
      "method,route,domain,count,status_4xx,status_5xx,error_rate,avg_ms,p50_ms,p95_ms,p99_ms,max_ms,total_ms"
    ]
    for r in report.routes {
      let cells = [
        quote(r.method), quote(r.route), quote(r.domain), String(r.count), String(r.status4xx),
        String(r.status5xx), String(r.errorRate), number(r.avgMs), number(r.p50Ms), number(r.p95Ms),
        number(r.p99Ms), number(r.maxMs), String(r.totalMs),
      ]
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\n")
  }

  private static func ms(_ value: Double?) -> String {
    guard let value else { return "-" }
    return value >= 1000 ? String(format: "%.2fs", value / 1000) : String(format: "%.1fms", value)
  }

  private static func seconds(_ ms: Double) -> String { String(format: "%.1fs", ms / 1000) }

  private static func number(_ value: Double?) -> String { value.map { String($0) } ?? "" }

  private static func quote(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}
