import LookoutCore
import LookoutStore

/// One stored request, as the endpoint page lists it.
public struct RequestSample: Sendable, Hashable, Codable {
  /// When the request was logged, µs since epoch.
  public var time: Int64
  /// HTTP method.
  public var method: String
  /// Route template.
  public var route: String
  /// The path as requested, rebuilt from the stored placeholder values.
  public var path: String
  /// The query string, without `?`.
  public var query: String
  /// Response status.
  public var status: Int
  /// Request time in milliseconds, nil when not logged.
  public var durationMs: Double?
  /// Client address.
  public var remoteAddress: String
  /// User agent.
  public var userAgent: String

  enum CodingKeys: String, CodingKey {
    case time, method, route, path, query, status
    case durationMs = "duration_ms"
    case remoteAddress = "remote_addr"
    case userAgent = "user_agent"
  }
}

/// The slowest requests of a filter, exact, from raw blocks (both cores), reading only the
/// blocks of the minutes whose rollups hold the longest requests.
public enum SlowestRequestsQuery {
  /// Up to `limit` requests of `filter` with the longest request time, slowest first.
  public static func run(_ store: RequestStore, filter: RequestFilter, limit: Int = 20)
    async throws -> [RequestSample]
  {
    guard limit > 0, let dimensions = RequestDimensionFilter(store: store, filter: filter) else {
      return []
    }
    let range = filter.range
    // Only blocks overlapping the minutes that hold the slowest requests need reading. The
    // first and last minute may reach outside the range, so two more are taken.
    let minutes = try RollupReader.slowestMinutes(
      store, filter: filter, dimensions: dimensions, limit: limit + 2)
    guard !minutes.isEmpty else { return [] }
    let columns: [RequestColumn] = [
      .timestamp, .environment, .domain, .method, .route, .status, .duration,
    ]
    let partials = try await store.blocks.scan(
      store.database, project: filter.project, range: range, columns: columns.map(\.rawValue),
      where: { block in
        dimensions.mayMatch(block)
          && minutes.contains {
            block.minTimestamp < $0 + Micros.perMinute && block.maxTimestamp >= $0
          }
      }
    ) { block, vectors -> [(block: BlockInfo, row: Int, duration: Int64)] in
      guard case .int64(let timestamps)? = vectors[RequestColumn.timestamp.rawValue],
        case .dictionary(let environments)? = vectors[RequestColumn.environment.rawValue],
        case .dictionary(let domains)? = vectors[RequestColumn.domain.rawValue],
        case .dictionary(let methods)? = vectors[RequestColumn.method.rawValue],
        case .dictionary(let routes)? = vectors[RequestColumn.route.rawValue],
        case .int64(let durations)? = vectors[RequestColumn.duration.rawValue]
      else { return [] }
      var top: [(block: BlockInfo, row: Int, duration: Int64)] = []
      for row in 0..<timestamps.count where durations[row] != .min {
        guard timestamps[row] >= range.from, timestamps[row] < range.to,
          dimensions.matches(
            environment: environments[row], domain: domains[row], route: routes[row],
            method: methods[row])
        else { continue }
        if top.count == limit, durations[row] <= top[limit - 1].duration { continue }
        let position = top.firstIndex { $0.duration < durations[row] } ?? top.count
        top.insert((block, row, durations[row]), at: position)
        if top.count > limit { top.removeLast() }
      }
      return top
    }
    let chosen = partials.flatMap { $0 }.sorted { $0.duration > $1.duration }.prefix(limit)
    // The rows' other columns, block by block, on all cores.
    let sampleColumns = [
      RequestColumn.timestamp, .method, .route, .status, .duration, .path, .query,
      .remoteAddress, .userAgent, .remoteIPv4,
    ].map(\.rawValue)
    let groups = Array(Dictionary(grouping: chosen, by: \.block.id).values)
    let samples = try await withThrowingTaskGroup(of: [RequestSample].self) { tasks in
      for entries in groups {
        tasks.addTask {
          try await store.database.read { db in
            let vectors: [Int: ColumnVector]
            do {
              vectors = try store.blocks.read(
                entries[0].block, columns: sampleColumns, rows: entries.map(\.row), in: db)
            } catch BlockStoreError.blockNotFound {
              return []  // compacted since the scan; its rows moved, rarely missed
            }
            return entries.indices.map { sample(vectors, row: $0, store: store) }
          }
        }
      }
      return try await tasks.reduce(into: []) { $0 += $1 }
    }
    return samples.sorted { ($0.durationMs ?? 0, $1.time) > ($1.durationMs ?? 0, $0.time) }
  }

  private static func sample(_ vectors: [Int: ColumnVector], row: Int, store: RequestStore)
    -> RequestSample
  {
    func int(_ column: RequestColumn) -> Int64 {
      guard case .int64(let values)? = vectors[column.rawValue] else { return .min }
      return values[row]
    }
    func text(_ column: RequestColumn) -> String {
      switch vectors[column.rawValue] {
      case .string(let values)?: values[row]
      case .dictionary(let ids)?: store.dictionary.value(ids[row], column: column.name)
      default: ""
      }
    }
    let route = text(.route)
    let ipv4 = int(.remoteIPv4)
    let duration = int(.duration)
    return RequestSample(
      time: int(.timestamp), method: text(.method), route: route,
      path: RoutePathCodec.decode(text(.path), route: route), query: text(.query),
      status: Int(int(.status)), durationMs: duration == .min ? nil : Double(duration) / 1000,
      remoteAddress: ipv4 == .min ? text(.remoteAddress) : RequestColumn.ipv4Text(ipv4),
      userAgent: text(.userAgent))
  }
}
