import Foundation
import LookoutCore
import LookoutStore
import Testing

@testable import LookoutQuery

@Suite("Breakdown, overview and slowest-request queries")
struct BreakdownQueryTests {
  typealias Store = EndpointQueryTests

  @Test("breakdowns add up to the records, per domain, endpoint and status class")
  func breakdowns() async throws {
    let (store, records, dir) = try await Store.makeStore(count: 6_000, seed: 9)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Store.start, to: Store.start + 7_200_000_000))
    let byDomain = try RequestBreakdownQuery.run(
      store, filter: filter, step: 15 * Micros.perMinute, by: .domain)
    #expect(byDomain.times.count == 8)
    for domain in ["users", "orders", "health"] {
      let series = try #require(byDomain.series.first { $0.name == domain })
      let mine = records.filter { $0.domain == domain }
      #expect(series.total.count == mine.count)
      #expect(series.total.status5xx == mine.filter { $0.status >= 500 }.count)
      #expect(series.total.status4xx == mine.filter { (400..<500).contains($0.status) }.count)
      let firstStep = mine.filter { $0.timestamp < Store.start + 15 * Micros.perMinute }
      #expect(series.steps[0].count == firstStep.count)
    }
    let byStatus = try RequestBreakdownQuery.run(
      store, filter: filter, step: Micros.perMinute * 60, by: .statusClass)
    #expect(Set(byStatus.series.map(\.name)) == ["2xx", "4xx", "5xx"])
    #expect(byStatus.series.reduce(0) { $0 + $1.total.count } == records.count)
  }

  @Test("the one-pass overview equals the separate queries")
  func overviewMatches() async throws {
    let (store, _, dir) = try await Store.makeStore(count: 4_000, seed: 10)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Store.start, to: Store.start + 7_200_000_000),
      environment: "production")
    let step = 5 * Micros.perMinute
    let overview = try OverviewQuery.run(store, filter: filter, step: step)
    #expect(overview.series == (try RequestSeriesQuery.run(store, filter: filter, step: step)))
    #expect(overview.endpoints == (try EndpointQuery.fromRollups(store, filter: filter)))
    #expect(
      overview.byDomain
        == (try RequestBreakdownQuery.run(store, filter: filter, step: step, by: .domain)))
    #expect(
      overview.byEndpoint
        == (try RequestBreakdownQuery.run(store, filter: filter, step: step, by: .endpoint)))
    let table = try OverviewQuery.endpointTable(store, filter: filter, step: step)
    #expect(table.endpoints == overview.endpoints)
    #expect(table.byEndpoint == overview.byEndpoint)
  }

  @Test("the one-pass endpoint detail equals the separate queries")
  func endpointDetailMatches() async throws {
    let (store, _, dir) = try await Store.makeStore(count: 4_000, seed: 12)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: Store.start, to: Store.start + 7_200_000_000),
      route: "/api/v1/orders/{uuid}", method: "GET")
    let step = 10 * Micros.perMinute
    let detail = try EndpointDetailQuery.run(store, filter: filter, step: step)
    #expect(detail.stats == (try EndpointQuery.fromRollups(store, filter: filter).first))
    #expect(detail.stats?.count ?? 0 > 0)
    #expect(detail.sketch == (try RequestBreakdownQuery.latencySketch(store, filter: filter)))
    #expect(detail.series == (try RequestSeriesQuery.run(store, filter: filter, step: step)))
    #expect(
      detail.byStatus
        == (try RequestBreakdownQuery.run(store, filter: filter, step: step, by: .statusClass)))
  }

  @Test("the slowest requests equal a sort of the records, reading few blocks")
  func slowest() async throws {
    let (store, records, dir) = try await Store.makeStore(count: 20_000, seed: 11)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let range = TimeRange(from: Store.start + 600_000_000, to: Store.start + 6_000_000_000)
    let filter = RequestFilter(project: 1, range: range, route: "/api/v1/users/{id}")
    let slowest = try await SlowestRequestsQuery.run(store, filter: filter, limit: 15)
    let expected = records.filter {
      $0.route == "/api/v1/users/{id}" && $0.requestTime != nil && range.contains($0.timestamp)
    }.sorted { $0.requestTime! > $1.requestTime! }.prefix(15)
    #expect(slowest.map(\.path) == expected.map(\.path))
    #expect(slowest.map { $0.durationMs.map { Int64($0 * 1000) } } == expected.map(\.requestTime))
    #expect(
      slowest.allSatisfy {
        $0.route == "/api/v1/users/{id}" && $0.remoteAddress.hasPrefix("10.0.0.")
      })
  }
}
