import Foundation
import LookoutCore

/// Writes a believable MySQL 8 slow query log for `lookout serve --demo`.
///
/// A dozen statement shapes with random literals; one (the orders-per-buyer count) gets
/// five times slower in the last two hours, and one (a talent search) appears only in the
/// last hour, so the "slower" and "new" markers have something to show.
public struct DemoSlowLogGenerator: Sendable {
  struct Shape: Sendable {
    var template: String
    var weight: Double
    var baseSeconds: Double
    var rowsExamined: Int
  }

  static let shapes: [Shape] = [
    .init(
      template: "SELECT * FROM users WHERE id = {n}", weight: 20, baseSeconds: 0.0006,
      rowsExamined: 1),
    .init(
      template:
        "SELECT id, title, price FROM services WHERE category_id = {n} AND status = 'published' ORDER BY created_at DESC LIMIT {n}, 20",
      weight: 8, baseSeconds: 0.04, rowsExamined: 4_000),
    .init(
      template: "SELECT COUNT(*) FROM orders WHERE buyer_id = {n} AND created_at > '{d}'",
      weight: 6, baseSeconds: 0.012, rowsExamined: 900),
    .init(
      template: "UPDATE users SET last_login_at = '{d}' WHERE id = {n}", weight: 10,
      baseSeconds: 0.002, rowsExamined: 1),
    .init(
      template: "INSERT INTO messages (room_id, sender_id, body) VALUES ({n}, {n}, '{s}')",
      weight: 9, baseSeconds: 0.0015, rowsExamined: 0),
    .init(
      template:
        "SELECT s.* FROM services s JOIN reviews r ON r.service_id = s.id WHERE r.rating >= {n} GROUP BY s.id HAVING COUNT(*) > {n}",
      weight: 2, baseSeconds: 0.45, rowsExamined: 250_000),
    .init(
      template: "SELECT * FROM favorites WHERE user_id IN ({list})", weight: 5, baseSeconds: 0.006,
      rowsExamined: 40),
    .init(
      template: "DELETE FROM sessions WHERE expires_at < '{d}'", weight: 1, baseSeconds: 0.25,
      rowsExamined: 60_000),
    .init(
      template:
        "SELECT DATE(created_at) d, SUM(amount) FROM payments WHERE created_at BETWEEN '{d}' AND '{d}' GROUP BY d",
      weight: 0.5, baseSeconds: 2.4, rowsExamined: 1_800_000),
    .init(
      template: "SELECT * FROM talents WHERE name LIKE '%{s}%'", weight: 1, baseSeconds: 1.1,
      rowsExamined: 500_000),
  ]
  static let words = ["logo", "design", "translation", "web", "it''s", "テスト"]

  private var random: SplitMix64

  /// Creates a generator; the same seed gives the same log.
  public init(seed: UInt64 = 7) {
    self.random = SplitMix64(seed: seed)
  }

  /// Entries for `count` statements finishing in `[from, from + span)` (seconds since
  /// epoch), as slow log text; `now` decides which shapes are slower or new.
  public mutating func log(count: Int, from: Double, span: Double, now: Double) -> String {
    var out = ""
    let times = (0..<count).map { _ in from + random.unit() * span }.sorted()
    for time in times { out += entry(at: time, now: now) }
    return out
  }

  /// One entry finishing at `time`.
  mutating func entry(at time: Double, now: Double) -> String {
    let total = Self.shapes.reduce(0) { $0 + $1.weight }
    var pick = random.unit() * total
    var index = 0
    for (candidate, shape) in Self.shapes.enumerated() {
      pick -= shape.weight
      if pick <= 0 {
        index = candidate
        break
      }
    }
    // The talent search only exists in the last hour; before, it is a users lookup.
    if index == 9, time < now - 3_600 { index = 0 }
    let shape = Self.shapes[index]
    var seconds = shape.baseSeconds * exp(random.gaussian() * 0.5)
    if index == 2, time > now - 7_200 { seconds *= 5 }
    let examined = Int(Double(shape.rowsExamined) * (0.5 + random.unit()))
    let sent = index == 3 || index == 4 || index == 7 ? 0 : 1 + Int(random.unit() * 20)
    let stamp = Date(timeIntervalSince1970: time)
    let iso = stamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    return """
      # Time: \(iso)
      # User@Host: app[app] @ web-\(1 + Int(random.unit() * 3)) [10.0.1.\(10 + Int(random.unit() * 3))]  Id: \(100 + Int(random.unit() * 50))
      # Query_time: \(String(format: "%.6f", seconds))  Lock_time: \(String(format: "%.6f", seconds * 0.01))  Rows_sent: \(sent)  Rows_examined: \(examined)
      use shop;
      SET timestamp=\(Int(time));
      \(fill(shape.template));

      """
  }

  private mutating func fill(_ template: String) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      out += rest[..<open]
      switch rest[rest.index(after: open)..<close] {
      case "n": out += String(1 + Int(random.unit() * 99_999))
      case "d":
        let day = 1 + Int(random.unit() * 28)
        out += "2024-06-\(day < 10 ? "0" : "")\(day) 12:00:00"
      case "s": out += Self.words[Int(random.unit() * Double(Self.words.count))]
      case "list":
        out += (0..<(1 + Int(random.unit() * 8))).map { _ in String(Int(random.unit() * 9_999)) }
          .joined(separator: ", ")
      default: break
      }
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }
}
