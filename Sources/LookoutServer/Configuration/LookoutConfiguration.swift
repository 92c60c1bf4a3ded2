import LookoutCore
import LookoutIngest
import LookoutStore

/// Everything `lookout serve` can be told, with a default for every setting.
///
/// Built from `lookout.yml`, then `LOOKOUT_*` variables, then command-line flags, each
/// overriding the one before (see `LookoutConfiguration+Reader.swift`).
public struct LookoutConfiguration: Sendable {
  /// Address of the HTTP listener (UI, JSON API, HTTP ingest).
  public var httpHost: String
  /// Port of the HTTP listener.
  public var httpPort: Int
  /// Folder of the embedded store.
  public var dataDirectory: String
  /// Login name of the admin user created on first start.
  public var adminUser: String
  /// Admin password for unattended setup; generated and printed once when nil.
  public var adminPassword: String?
  /// The default project's ingest key; generated and printed once when nil.
  public var ingestKey: String?
  /// An API token accepted as `Authorization: Bearer` on `/api/v1`.
  public var apiToken: String?
  /// Commit durability of the store.
  public var durability: DatabaseOpener.Durability
  /// How long one query of the query language may run before it answers partial.
  public var queryTimeLimit: Duration = .seconds(30)
  /// Log files to tail.
  public var nginxSources: [NginxSourceConfiguration]
  /// Slow query logs to tail (`sources: slowlogs:` in `lookout.yml`).
  public var slowLogSources: [SlowLogSourceConfiguration] = []
  /// Application log files to tail (`sources: logs:` in `lookout.yml`).
  public var logSources: [LogSourceConfiguration] = []
  /// Routes the templater must use verbatim (`/api/v1/users/{id}`, `GET /health`).
  public var routes: [String]
  /// An OpenAPI document (YAML or JSON) whose `paths` are added to ``routes``.
  public var openAPIFile: String?
  /// How requests map to the domains error rates are read by.
  public var domainRules: [DomainRuleConfiguration]
  /// Write generated demo traffic into the default project.
  public var demo: Bool
  /// Largest accepted HTTP body, compressed, in bytes.
  public var maxBodyBytes: Int
  /// Largest accepted HTTP body after decompression, in bytes.
  public var maxDecompressedBytes: Int
  /// Most rows waiting for commit before ingest answers 429.
  public var maxQueuedRows: Int
  /// Days raw request blocks are kept.
  public var rawRetentionDays: Int
  /// Days minute rollups are kept.
  public var rollupRetentionDays: Int
  /// Error events accepted per project and second (Sentry ingest) before 429.
  public var errorEventsPerSecond: Int
  /// Largest error event kept whole, in bytes; larger ones keep their fields only.
  public var maxEventBytes: Int
  /// URLs that get a JSON POST for each new issue and each regression.
  public var webhooks: [String]
  /// The extra OTLP/HTTP listener (`/v1/traces` is also served on the main port); nil is off.
  public var otlpHTTP: ListenerAddress? = nil
  /// The X-Ray daemon protocol's UDP listener; nil is off.
  public var xrayUDP: ListenerAddress? = nil
  /// Project and environment of spans that arrive without an ingest key (X-Ray datagrams).
  public var xrayContext = SourceContext()

  /// Creates a configuration; every parameter has the documented default.
  public init(
    httpHost: String = "0.0.0.0", httpPort: Int = 7700, dataDirectory: String = "lookout-data",
    adminUser: String = "admin", adminPassword: String? = nil, ingestKey: String? = nil,
    apiToken: String? = nil, durability: DatabaseOpener.Durability = .full,
    nginxSources: [NginxSourceConfiguration] = [], routes: [String] = [],
    openAPIFile: String? = nil, domainRules: [DomainRuleConfiguration] = [], demo: Bool = false,
    maxBodyBytes: Int = 32 << 20, maxDecompressedBytes: Int = 256 << 20,
    maxQueuedRows: Int = 1_000_000, rawRetentionDays: Int = 14, rollupRetentionDays: Int = 400,
    errorEventsPerSecond: Int = 2_000, maxEventBytes: Int = 1 << 20, webhooks: [String] = []
  ) {
    self.httpHost = httpHost
    self.httpPort = httpPort
    self.dataDirectory = dataDirectory
    self.adminUser = adminUser
    self.adminPassword = adminPassword
    self.ingestKey = ingestKey
    self.apiToken = apiToken
    self.durability = durability
    self.nginxSources = nginxSources
    self.routes = routes
    self.openAPIFile = openAPIFile
    self.domainRules = domainRules
    self.demo = demo
    self.maxBodyBytes = maxBodyBytes
    self.maxDecompressedBytes = maxDecompressedBytes
    self.maxQueuedRows = maxQueuedRows
    self.rawRetentionDays = rawRetentionDays
    self.rollupRetentionDays = rollupRetentionDays
    self.errorEventsPerSecond = errorEventsPerSecond
    self.maxEventBytes = maxEventBytes
    self.webhooks = webhooks
  }
}

/// Where an extra listener binds.
public struct ListenerAddress: Sendable, Hashable {
  public var host: String
  public var port: Int
  /// Whether failing to bind stops the server. Default addresses are not required: a
  /// collector or X-Ray daemon already holding the port leaves that listener off, with a
  /// warning, instead of refusing to start.
  public var required: Bool

  public init(host: String, port: Int, required: Bool) {
    self.host = host
    self.port = port
    self.required = required
  }

  /// Reads `host:port`, `:port` or `port` (host `0.0.0.0`); nil for `off`.
  /// - Throws: ``ConfigurationError`` for anything else.
  public init?(parsing text: String, key: String) throws {
    if ["off", "false", "no", ""].contains(text.lowercased()) { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard let portText = parts.last, let port = Int(portText), (0...65535).contains(port) else {
      throw ConfigurationError.invalid(key: key, detail: "expected host:port or off, got \(text)")
    }
    let host =
      parts.count > 1 && !parts[0].isEmpty ? parts.dropLast().joined(separator: ":") : "0.0.0.0"
    self.init(host: host, port: port, required: true)
  }
}

/// One nginx access log file to tail.
public struct NginxSourceConfiguration: Sendable, Codable, Hashable {
  /// Path of the log file.
  public var path: String
  /// The `log_format` string as written in nginx.conf, or a preset name
  /// (`combined`, `timed`, `json`); default `timed`, which also reads `combined` lines.
  public var format: String?
  /// Project id the lines belong to (default 1).
  public var project: Int64?
  /// Environment of the lines (`production`, `staging`, `dev`); default `production`.
  public var environment: String?

  /// Creates a source.
  public init(
    path: String, format: String? = nil, project: Int64? = nil, environment: String? = nil
  ) {
    self.path = path
    self.format = format
    self.project = project
    self.environment = environment
  }
}

/// A slow query log to tail, as written under `sources: slowlogs:` in `lookout.yml`.
///
/// ```yaml
/// sources:
///   slowlogs:
///     - path: /var/log/mysql/mysql-slow.log
///     - path: /var/log/postgresql/postgresql-15-main.log
///       format: postgres
///       log_line_prefix: "%m [%p] %q%u@%d "
/// ```
public struct SlowLogSourceConfiguration: Sendable, Codable, Hashable {
  /// Path of the log file.
  public var path: String
  /// `mysql` (MySQL and MariaDB, the default), `postgres` or `postgres-csv`.
  public var format: String?
  /// PostgreSQL's `log_line_prefix` (default Debian's `%m [%p] %q%u@%d `).
  public var logLinePrefix: String?
  /// Project id the calls belong to (default 1).
  public var project: Int64?
  /// Environment of the calls; default `production`.
  public var environment: String?

  enum CodingKeys: String, CodingKey {
    case path, format, project, environment
    case logLinePrefix = "log_line_prefix"
  }

  /// Creates a source.
  public init(
    path: String, format: String? = nil, logLinePrefix: String? = nil, project: Int64? = nil,
    environment: String? = nil
  ) {
    self.path = path
    self.format = format
    self.logLinePrefix = logLinePrefix
    self.project = project
    self.environment = environment
  }

  /// The decoder format this source names.
  public func decoderFormat() throws(SlowLogFormatError) -> SlowLogFormat {
    try SlowLogFormat(name: format ?? "mysql", linePrefix: logLinePrefix)
  }
}

/// An application log file to tail, as written under `sources: logs:` in `lookout.yml`.
///
/// ```yaml
/// sources:
///   logs:
///     - path: /var/log/app/app.log          # plain text, Java/Python stack traces joined
///       service: checkout
///     - path: /var/log/app/app.jsonl
///       format: json
///     - path: /var/log/worker.log
///       multiline_start: '^\[\d{4}-'         # a line matching this starts an entry
///       multiline_wait: 5                   # seconds before a quiet entry is stored
/// ```
public struct LogSourceConfiguration: Sendable, Codable, Hashable {
  /// Path of the log file.
  public var path: String
  /// `plain` (the default) or `json` (one object per line).
  public var format: LogLineDecoder.Format?
  /// A regular expression matched at the start of a line that begins an entry; lines
  /// that do not match are appended to the entry before (plain format only). Default: a
  /// line starting with a timestamp, a level word or `{`.
  public var multilineStart: String?
  /// Seconds without a new line after which the open entry is stored as complete (default
  /// 2); a continuation line arriving later starts an entry of its own.
  public var multilineWait: Double?
  /// The service of the entries (a JSON line's `service` field wins).
  public var service: String?
  /// Project id the entries belong to (default 1).
  public var project: Int64?
  /// Environment of the entries; default `production`.
  public var environment: String?

  enum CodingKeys: String, CodingKey {
    case path, format, service, project, environment
    case multilineStart = "multiline_start"
    case multilineWait = "multiline_wait"
  }

  /// Creates a source.
  public init(
    path: String, format: LogLineDecoder.Format? = nil, multilineStart: String? = nil,
    multilineWait: Double? = nil, service: String? = nil, project: Int64? = nil,
    environment: String? = nil
  ) {
    self.path = path
    self.format = format
    self.multilineStart = multilineStart
    self.multilineWait = multilineWait
    self.service = service
    self.project = project
    self.environment = environment
  }
}

/// One rule of the domain classifier, as written in `lookout.yml`.
///
/// Exactly one of ``prefix``, ``regex`` or ``host`` is set.
public struct DomainRuleConfiguration: Sendable, Codable, Hashable {
  /// A path prefix (`/api/v1/payments`).
  public var prefix: String?
  /// A regular expression on the path.
  public var regex: String?
  /// A Host header value, or `*` to use the host itself as the domain.
  public var host: String?
  /// The domain these requests belong to (ignored for `host: "*"`).
  public var domain: String?

  /// Creates a rule.
  public init(
    prefix: String? = nil, regex: String? = nil, host: String? = nil, domain: String? = nil
  ) {
    self.prefix = prefix
    self.regex = regex
    self.host = host
    self.domain = domain
  }
}
