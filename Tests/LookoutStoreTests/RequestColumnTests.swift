import Foundation
import LookoutCore
import Testing

@testable import LookoutStore

@Suite("Request columns")
struct RequestColumnTests {
  @Test(
    "IPv4 addresses become numbers; anything else stays text",
    arguments: [
      ("203.0.113.7", Int64(0xCB00_7107)), ("0.0.0.0", 0), ("255.255.255.255", 0xFFFF_FFFF),
      ("256.1.1.1", nil), ("1.2.3", nil), ("1.2.3.4.5", nil), ("::1", nil), ("1..2.3", nil),
      ("", nil),
      ("unix:", nil),
    ] as [(String, Int64?)])
  func ipv4(text: String, number: Int64?) {
    #expect(RequestColumn.ipv4Number(text) == number)
    if let number { #expect(RequestColumn.ipv4Text(number) == text) }
  }

  @Test("stored rows give back their addresses and upstream times")
  func roundTrip() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rc-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let store = try RequestStore(path: dir + "/requests.sqlite", durability: .normal)
    let records = [
      RequestRecord(
        timestamp: 1, status: 200, requestTime: 5000, upstreamTime: 4000, remoteAddress: "10.1.2.3"),
      RequestRecord(
        timestamp: 2, status: 200, requestTime: nil, upstreamTime: 7000,
        remoteAddress: "2001:db8::1"),
      RequestRecord(
        timestamp: 3, status: 200, requestTime: 9000, upstreamTime: nil, remoteAddress: ""),
    ]
    try await store.database.write { db in
      try store.write([RequestBatch(records: records, context: SourceContext())], in: db)
    }
    let columns = [RequestColumn.duration, .upstream, .remoteAddress, .remoteIPv4].map(\.rawValue)
    let vectors = try await store.database.read { db in
      let block = try #require(try store.blocks.blocks(project: 1, range: .all, in: db).first)
      return try store.blocks.read(block, columns: columns, in: db)
    }
    guard case .int64(let durations)? = vectors[RequestColumn.duration.rawValue],
      case .int64(let upstreams)? = vectors[RequestColumn.upstream.rawValue],
      case .string(let remotes)? = vectors[RequestColumn.remoteAddress.rawValue],
      case .int64(let ipv4s)? = vectors[RequestColumn.remoteIPv4.rawValue]
    else {
      Issue.record("columns missing")
      return
    }
    let upstream = zip(durations, upstreams).map {
      RequestColumn.upstreamTime(duration: $0, stored: $1)
    }
    #expect(upstream == [4000, 7000, .min])
    let addresses = zip(remotes, ipv4s).map { $1 == .min ? $0 : RequestColumn.ipv4Text($1) }
    #expect(addresses == ["10.1.2.3", "2001:db8::1", ""])
  }
}

@Suite("Paths stored as placeholder values")
struct RoutePathCodecTests {
  @Test(
    "encode keeps only the values and decode rebuilds the path exactly",
    arguments: [
      ("/api/v1/users/364798", "/api/v1/users/{id}", "364798"),
      ("/api/v1/users/7/orders", "/api/v1/users/{id}/orders", "7"),
      ("/static/js/app.3f9a2b7c1d0e.js", "/static/js/app.{hex}.js", "3f9a2b7c1d0e"),
      ("/a/1/b/2", "/a/{x}/b/{y}", "1\u{1F}2"),
      ("/health", "/health", ""),
      ("/api/v1/users/364798", "/api/v1/users/{userId}", "364798"),
      ("/x/a\u{1F}b", "/x/{v}", "/x/a\u{1F}b"),
      ("/api/v1/users/42", "/api/v1/other/{id}", "/api/v1/users/42"),
      ("/different", "/health", "/different"),
      ("garbage", "garbage", "\u{1E}garbage"),
      ("/a//b", "/a/{x}", "/a//b"),
      ("/t/翻訳/x", "/t/{v}/x", "翻訳"),
      ("/a/1.js.js", "/a/{v}.js", "/a/1.js.js"),
      ("/a/12", "/a/{x}{y}", "\u{1F}12"),
      ("/short", "/shorter/{x}", "/short"),
    ])
  func roundTrip(path: String, route: String, stored: String) {
    #expect(RoutePathCodec.encode(path: path, route: route) == stored)
    #expect(
      RoutePathCodec.decode(RoutePathCodec.encode(path: path, route: route), route: route) == path)
  }
}
