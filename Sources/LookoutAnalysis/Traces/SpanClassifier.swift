import LookoutCore

/// Sorts spans into ``SpanCategory`` and gives each a short label, from the OpenTelemetry
/// attributes of ``SpanRecord`` (and the X-Ray fields kept under `xray.*`).
///
/// The rules, first match wins:
///
/// 1. **cache**: `db.system` is `redis` or `memcached`, or a span other than a server or
///    consumer span (those are the application's entry points) has `cache` in its name.
///    Label: the system and the command (`redis GET`), else the name.
/// 2. **db**: `db.system`, `db.statement` or `db.query.text` present. Label: statement kind
///    and first table of the statement (`SELECT orders`), else `db.operation.name` /
///    `db.operation` with `db.collection.name` / `db.sql.table`, else `db.name`, else the
///    name.
/// 3. **messaging**: kind producer or consumer, or `messaging.system` present. Label: the
///    system and `messaging.destination.name` (`kafka orders`), else the name.
/// 4. **aws**: `xray.namespace` is `aws`, or a client span with `rpc.system` `aws-api` or
///    an `aws.*` attribute. Label: the service (`rpc.service`, `aws.service`, or the X-Ray
///    subsegment's name) and the method (`rpc.method`, `aws.operation`): `DynamoDB.GetItem`;
///    else the name.
/// 5. **http**: a client span with an `http.*` or `url.*` attribute, or `xray.namespace`
///    `remote`. Label: ``SpanRecord/remoteHost`` (`api.stripe.com`), else the name.
/// 6. **other**: any other client span. Label: `peer.service`, `server.address`, else the
///    name.
/// 7. **app**: everything else (server, internal, unspecified). Label: the name.
///
/// Statements are read with the SQL fingerprinters, which keep work buffers, so the
/// classifier is a value with `mutating` methods: one per task.
public struct SpanClassifier: Sendable {
  private var mysql = MySQLFingerprinter()
  private var postgres = PostgresFingerprinter()

  /// Creates a classifier.
  public init() {}

  /// The category and label of a span.
  public mutating func classify(_ span: SpanRecord) -> SpanClassification {
    let attributes = span.attributes
    let system = attributes["db.system.name"] ?? attributes["db.system"]
    if let system, system == "redis" || system == "memcached" {
      return SpanClassification(category: .cache, label: cacheLabel(span, system: system))
    }
    if span.kind != .server, span.kind != .consumer, Self.mentionsCache(span.name) {
      return SpanClassification(category: .cache, label: span.name)
    }
    let statement = attributes["db.query.text"] ?? attributes["db.statement"]
    if system != nil || statement != nil {
      return SpanClassification(
        category: .db, label: databaseLabel(span, system: system, statement: statement))
    }
    if span.kind == .producer || span.kind == .consumer || attributes["messaging.system"] != nil {
      let parts = [attributes["messaging.system"], attributes["messaging.destination.name"]]
        .compactMap { $0 }.filter { !$0.isEmpty }
      return SpanClassification(
        category: .messaging, label: parts.isEmpty ? span.name : parts.joined(separator: " "))
    }
    if span.isAWSCall {
      return SpanClassification(category: .aws, label: span.awsServiceName ?? span.name)
    }
    if span.kind == .client || attributes["xray.namespace"] == "remote" {
      let isHTTP =
        attributes["xray.namespace"] == "remote"
        || span.hasAttribute(withPrefix: "http.") || span.hasAttribute(withPrefix: "url.")
      if isHTTP {
        return SpanClassification(category: .http, label: span.remoteHost ?? span.name)
      }
      let peer = attributes["peer.service"] ?? attributes["server.address"]
      return SpanClassification(category: .other, label: peer ?? span.name)
    }
    return SpanClassification(category: .app, label: span.name)
  }

  /// `redis GET`: the system and the command word.
  private func cacheLabel(_ span: SpanRecord, system: String) -> String {
    let attributes = span.attributes
    let command =
      attributes["db.operation.name"] ?? attributes["db.operation"]
      ?? (attributes["db.query.text"] ?? attributes["db.statement"]).flatMap(Self.firstWord)
    guard let command, !command.isEmpty else { return span.name }
    return "\(system) \(command.uppercased())"
  }

  /// `SELECT orders`, from the statement, the operation attributes or the database name.
  private mutating func databaseLabel(
    _ span: SpanRecord, system: String?, statement: String?
  ) -> String {
    let attributes = span.attributes
    if let statement, !statement.isEmpty {
      let fingerprint =
        system == "postgresql"
        ? postgres.fingerprint(statement) : mysql.fingerprint(statement)
      let verb =
        fingerprint.kind == .other
        ? (Self.firstWord(statement)?.uppercased() ?? "OTHER")
        : fingerprint.kind.rawValue.uppercased()
      if let table = fingerprint.tables.first { return "\(verb) \(table)" }
      return verb
    }
    let operation = attributes["db.operation.name"] ?? attributes["db.operation"]
    let table = attributes["db.collection.name"] ?? attributes["db.sql.table"]
    if let operation {
      return [operation.uppercased(), table].compactMap { $0 }.joined(separator: " ")
    }
    return attributes["db.namespace"] ?? attributes["db.name"] ?? span.name
  }

  /// Whether `name` contains "cache" in any case, compared byte by byte (Foundation's
  /// `contains` is far slower on this path).
  static func mentionsCache(_ name: String) -> Bool {
    let pattern: [UInt8] = Array("cache".utf8)
    var matched = 0
    var start = 0
    let bytes = Array(name.utf8)
    while start + pattern.count <= bytes.count {
      matched = 0
      while matched < pattern.count, bytes[start + matched] | 0x20 == pattern[matched] {
        matched += 1
      }
      if matched == pattern.count { return true }
      start += 1
    }
    return false
  }

  /// The first whitespace-separated word, at most 32 characters.
  private static func firstWord(_ text: String) -> String? {
    let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first
    return word.map { String($0.prefix(32)) }
  }
}
