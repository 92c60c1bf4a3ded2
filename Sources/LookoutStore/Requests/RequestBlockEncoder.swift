import GRDB
import LookoutCore

/// Turns ``RequestRecord`` values into the typed columns of ``RequestColumn/schema``.
struct RequestBlockEncoder {
  /// The dictionary ids of one record's low-cardinality strings, reused for rollup keys.
  struct Ids {
    var environment: UInt32
    var domain: UInt32
    var method: UInt32
    var route: UInt32
  }

  /// Ids already looked up, per column, handed from one encoder to the next of a write.
  struct IdCache {
    fileprivate var ids = [[String: UInt32]](repeating: [:], count: RequestColumn.allCases.count)
    /// The last value and id per column: the environment of a batch never changes.
    fileprivate var last = [(String, UInt32)?](repeating: nil, count: RequestColumn.allCases.count)
  }

  private let dictionary: StringDictionary
  private let db: Database
  private(set) var cache: IdCache
  private var timestamps: [Int64] = []
  private var environments: [UInt32] = []
  private var domains: [UInt32] = []
  private var methods: [UInt32] = []
  private var routes: [UInt32] = []
  private var statuses: [Int64] = []
  private var durations: [Int64] = []
  private var upstreams: [Int64] = []
  private var bytes: [Int64] = []
  private var paths: [String] = []
  private var queries: [String] = []
  private var remotes: [String] = []
  private var agents: [String] = []
  private var referers: [String] = []
  private var hosts: [UInt32] = []
  private var ipv4s: [Int64] = []
  private var routePieces: [String: [String]] = [:]

  init(dictionary: StringDictionary, db: Database, cache: IdCache = IdCache()) {
    self.dictionary = dictionary
    self.db = db
    self.cache = cache
  }

  /// Rows appended so far.
  var rowCount: Int { timestamps.count }

  /// Appends one record and returns the ids of its dimensions.
  mutating func append(_ record: RequestRecord, environment: String) throws -> Ids {
    let ids = Ids(
      environment: try id(environment, .environment), domain: try id(record.domain, .domain),
      method: try id(record.method, .method), route: try id(record.route, .route))
    timestamps.append(record.timestamp)
    environments.append(ids.environment)
    domains.append(ids.domain)
    methods.append(ids.method)
    routes.append(ids.route)
    statuses.append(Int64(record.status))
    durations.append(record.requestTime ?? .min)
    switch (record.requestTime, record.upstreamTime) {
    case (let total?, let upstream?): upstreams.append(total - upstream)
    case (nil, let upstream?): upstreams.append(upstream)
    case (_, nil): upstreams.append(.min)
    }
    bytes.append(record.bytesSent ?? .min)
    let pieces = routePieces[record.route] ?? RoutePathCodec.literalPieces(record.route)
    if routePieces.count < 10_000 { routePieces[record.route] = pieces }
    paths.append(RoutePathCodec.encode(path: record.path, route: record.route, pieces: pieces))
    queries.append(record.query)
    if let number = RequestColumn.ipv4Number(record.remoteAddress) {
      ipv4s.append(number)
      remotes.append("")
    } else {
      ipv4s.append(.min)
      remotes.append(record.remoteAddress)
    }
    agents.append(record.userAgent)
    referers.append(record.referer)
    hosts.append(try id(record.host, .host))
    return ids
  }

  /// The columns appended so far, in schema order.
  func batch() -> ColumnBatch {
    ColumnBatch(
      columns: [
        .int64(timestamps), .dictionary(environments), .dictionary(domains),
        .dictionary(methods), .dictionary(routes), .int64(statuses), .int64(durations),
        .int64(upstreams), .int64(bytes), .string(paths), .string(queries), .string(remotes),
        .string(agents), .string(referers), .dictionary(hosts), .int64(ipv4s),
      ], rowCount: timestamps.count)
  }

  private mutating func id(_ value: String, _ column: RequestColumn) throws -> UInt32 {
    if value.isEmpty { return 0 }
    let index = column.rawValue
    if let (lastValue, lastId) = cache.last[index], lastValue == value { return lastId }
    let id: UInt32
    if let known = cache.ids[index][value] {
      id = known
    } else {
      id = try dictionary.id(for: value, column: column.name, in: db)
      cache.ids[index][value] = id
    }
    cache.last[index] = (value, id)
    return id
  }
}
