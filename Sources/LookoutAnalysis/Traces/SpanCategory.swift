/// Where a span's time goes, for the per-endpoint bottleneck breakdown.
public enum SpanCategory: String, Sendable, Hashable, Codable, CaseIterable {
  /// The application's own code: self time of server, internal and consumer-side spans.
  case app
  /// A database call (`db.system` present, or an X-Ray `sql` block).
  case db
  /// An outgoing HTTP call (a client span with `http.*` / `url.*` attributes, or an X-Ray
  /// subsegment in the `remote` namespace).
  case http
  /// A cache call (`db.system` redis or memcached, or a span named like a cache).
  case cache
  /// Producing or consuming a message (producer/consumer spans, `messaging.system`).
  case messaging
  /// A call to an AWS service (`aws.*` attributes, `rpc.system` `aws-api`, or the X-Ray
  /// `aws` namespace).
  case aws
  /// Any other outgoing call (gRPC without AWS, unknown client spans).
  case other
}

/// A span's category and a short label naming what it did, the key of a bottleneck row.
///
/// ```swift
/// var classifier = SpanClassifier()
/// classifier.classify(querySpan)   // db "SELECT orders"
/// classifier.classify(stripeCall)  // http "api.stripe.com"
/// ```
public struct SpanClassification: Sendable, Hashable, Codable, Comparable {
  /// The kind of work.
  public var category: SpanCategory
  /// What the work was: statement kind and table for a query (`SELECT orders`), the host for
  /// an HTTP call, the command for a cache call (`redis GET`), else the span name.
  public var label: String

  /// Creates a classification.
  public init(category: SpanCategory, label: String) {
    self.category = category
    self.label = label
  }

  /// Orders by category (declaration order), then label.
  public static func < (lhs: SpanClassification, rhs: SpanClassification) -> Bool {
    let left = SpanCategory.allCases.firstIndex(of: lhs.category) ?? 0
    let right = SpanCategory.allCases.firstIndex(of: rhs.category) ?? 0
    return (left, lhs.label) < (right, rhs.label)
  }
}
