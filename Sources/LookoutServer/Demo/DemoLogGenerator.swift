import Foundation
import LookoutCore

/// Application logs for `lookout serve --demo`: three services writing a dozen kinds of
/// lines with varying ids, users, addresses and timings, a Python stack trace now and then,
/// and one kind that only starts 40 minutes before the demo does, so the Logs page and
/// `GET /api/v1/logs/patterns?only_new=true` have a new pattern to show.
public struct DemoLogGenerator: Sendable {
  struct Shape: Sendable {
    var service: String
    var severity: LogSeverity
    var weight: Int
    var line: @Sendable (inout SplitMix64) -> String
  }

  private var random: SplitMix64
  /// When the late pattern starts, seconds since epoch.
  let newPatternStart: Double

  /// A generator; `now` places the late pattern 40 minutes before it.
  public init(seed: UInt64, now: Double) {
    random = SplitMix64(seed: seed)
    newPatternStart = now - 40 * 60
  }

  static func pick(_ values: [String], _ random: inout SplitMix64) -> String {
    values[Int(random.next() % UInt64(values.count))]
  }

  static func number(_ range: ClosedRange<Int>, _ random: inout SplitMix64) -> Int {
    range.lowerBound + Int(random.next() % UInt64(range.count))
  }

  static let users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"]

  static let shapes: [Shape] = [
    Shape(service: "api", severity: .info, weight: 30) { random in
      "request completed method=\(pick(["GET", "POST"], &random)) path=/api/v1/orders/\(number(1000...99999, &random)) status=200 duration_ms=\(number(3...400, &random))"
    },
    Shape(service: "api", severity: .info, weight: 12) { random in
      "user \(pick(users, &random)) logged in from 10.0.\(number(0...9, &random)).\(number(1...254, &random))"
    },
    Shape(service: "api", severity: .warn, weight: 5) { random in
      "slow request path=/api/v1/reports/2024-06-\(number(10...28, &random)) took \(number(1200...4000, &random)) ms"
    },
    Shape(service: "api", severity: .error, weight: 2) { random in
      "upstream checkout returned 502 for order \(number(1000...99999, &random))"
    },
    Shape(service: "checkout", severity: .info, weight: 14) { random in
      "payment \(number(100_000...999_999, &random)) captured amount=\(number(5...900, &random)).\(number(10...99, &random)) currency=EUR"
    },
    Shape(service: "checkout", severity: .warn, weight: 4) { random in
      "payment \(number(100_000...999_999, &random)) declined: \(pick(["insufficient funds", "card expired", "do not honor"], &random))"
    },
    Shape(service: "checkout", severity: .error, weight: 1) { random in
      """
      Traceback (most recent call last):
        File "/app/checkout/capture.py", line \(number(40...90, &random)), in capture
          response = gateway.capture(payment_id)
      TimeoutError: gateway did not answer within 5000 ms (payment \(number(100_000...999_999, &random)))
      """
    },
    Shape(service: "worker", severity: .info, weight: 10) { random in
      "job \(pick(["send_receipt", "reindex_search", "expire_sessions"], &random)) finished in \(number(20...3000, &random)) ms"
    },
    Shape(service: "worker", severity: .debug, weight: 8) { random in
      "polling queue default: \(number(0...40, &random)) jobs waiting"
    },
    Shape(service: "worker", severity: .error, weight: 1) { random in
      "job reindex_search failed after \(number(1...5, &random)) attempts: connection refused (db-\(number(1...3, &random)):5432)"
    },
  ]

  /// The late shape: only emitted after ``newPatternStart``.
  static let lateShape = Shape(service: "api", severity: .warn, weight: 6) { random in
    "cache stampede on key product:\(number(1...500, &random)) (\(number(20...90, &random)) waiters)"
  }

  /// `count` entries spread over `[from, from + span)` (seconds since epoch), time-ordered.
  public mutating func records(count: Int, from: Double, span: Double) -> [LogRecord] {
    var records: [LogRecord] = []
    records.reserveCapacity(count)
    for index in 0..<count {
      let time = from + span * (Double(index) + Double(random.next() % 1000) / 1000) / Double(count)
      var shapes = Self.shapes
      if time >= newPatternStart { shapes.append(Self.lateShape) }
      let total = shapes.reduce(0) { $0 + $1.weight }
      var pick = Int(random.next() % UInt64(total))
      var shape = shapes[0]
      for candidate in shapes {
        if pick < candidate.weight {
          shape = candidate
          break
        }
        pick -= candidate.weight
      }
      let body = shape.line(&random)
      records.append(
        LogRecord(
          timestamp: Int64(time * 1e6), severityNumber: shape.severity.number,
          severity: shape.severity, body: body, service: shape.service,
          environment: "production", source: "demo/\(shape.service)",
          attributes: [LogAttribute("host", "app-\(Self.number(1...3, &random))")]))
    }
    return records
  }
}
