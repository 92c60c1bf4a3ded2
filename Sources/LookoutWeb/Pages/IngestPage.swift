/// Per source: lines in, bad lines with examples, last received; and the write queue.
public struct IngestPage: Sendable {
  /// What the server knows of one source.
  public struct SourceInput: Sendable {
    public var name: String
    /// Lines received, bad ones included.
    public var lines: Int
    /// Lines that did not decode.
    public var badLines: Int
    public var badExamples: [(line: Int, reason: String, excerpt: String)]
    /// Seconds since epoch.
    public var lastReceived: Double?

    public init(
      name: String, lines: Int, badLines: Int,
      badExamples: [(line: Int, reason: String, excerpt: String)], lastReceived: Double?
    ) {
      self.name = name
      self.lines = lines
      self.badLines = badLines
      self.badExamples = badExamples
      self.lastReceived = lastReceived
    }
  }

  /// A bad line example.
  public struct Example: Sendable {
    public var line: Int
    public var reason: String
    public var excerpt: String
  }

  /// A source row.
  public struct Source: Sendable {
    public var name: String
    public var lines: String
    public var badLines: String
    public var badShare: String
    public var hasBad: Bool
    public var lastReceived: String
    public var lastReceivedMicros: Int64
    public var examples: [Example]
  }

  /// A project and where its clients send data.
  public struct ProjectRow: Sendable {
    public var id: Int64
    public var name: String
    /// The Sentry DSN of the project (the ingest key is its public key).
    public var dsn: String
    public var ingestKey: String

    public init(id: Int64, name: String, dsn: String, ingestKey: String) {
      self.id = id
      self.name = name
      self.dsn = dsn
      self.ingestKey = ingestKey
    }
  }

  public var sources: [Source]
  /// Every project with its DSN and ingest key.
  public var projects: [ProjectRow] = []
  public var isEmpty: Bool
  public var figures: [Figure]
  public var ingestSnippet: String

  /// Builds the page.
  public init(
    sources: [SourceInput], queueDepth: Int, queueCapacity: Int, serverURL: String
  ) {
    self.sources = sources.sorted { $0.name < $1.name }.map { source in
      return Source(
        name: source.name, lines: HumanFormat.count(Double(source.lines)),
        badLines: HumanFormat.count(Double(source.badLines)),
        badShare: HumanFormat.percent(
          source.lines > 0 ? Double(source.badLines) / Double(source.lines) : 0),
        hasBad: source.badLines > 0,
        lastReceived: source.lastReceived.map { HumanFormat.isoTime(Int64($0 * 1e6)) } ?? "never",
        lastReceivedMicros: source.lastReceived.map { Int64($0 * 1e6) } ?? 0,
        examples: source.badExamples.map {
          Example(line: $0.line, reason: $0.reason, excerpt: $0.excerpt)
        })
    }
    isEmpty = sources.isEmpty
    figures = [
      Figure(label: "Sources", value: String(sources.count)),
      Figure(
        label: "Write queue (rows waiting / limit)",
        value:
          "\(HumanFormat.count(Double(queueDepth))) / \(HumanFormat.count(Double(queueCapacity)))"),
    ]
    ingestSnippet = """
      curl -X POST '\(serverURL)/api/ingest/nginx?format=combined&env=production' \\
        -H 'Authorization: Bearer INGEST_KEY' --data-binary @/var/log/nginx/access.log
      """
  }
}
