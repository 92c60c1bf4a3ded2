import Foundation
import Hummingbird
import HummingbirdTesting
import LookoutCore
import LookoutQuery
import Testing

@testable import LookoutServer

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A real nginx from Debian, started on loopback with a custom log_format.
final class NginxProcess: @unchecked Sendable {
  static let logFormat =
    #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" host=$host"#
  let directory: String
  let port: Int
  private let process: Process

  var accessLog: String { directory + "/access.log" }

  init() throws {
    let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    guard let binary else { throw NginxMissing() }
    directory =
      FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    port = Int.random(in: 20_000...45_000)
    let conf = """
      daemon off;
      master_process on;
      worker_processes 1;
      user root;
      pid \(directory)/nginx.pid;
      error_log \(directory)/error.log warn;
      events { worker_connections 64; }
      http {
        client_body_temp_path \(directory)/tmp-body;
        proxy_temp_path \(directory)/tmp-proxy;
        fastcgi_temp_path \(directory)/tmp-fastcgi;
        uwsgi_temp_path \(directory)/tmp-uwsgi;
        scgi_temp_path \(directory)/tmp-scgi;
        log_format lookout '\(Self.logFormat)';
        access_log \(directory)/access.log lookout;
        server {
          listen 127.0.0.1:\(port);
          location /api/ { return 200 "ok\\n"; }
          location /missing/ { return 404; }
          location /boom { return 500; }
        }
      }
      """
    try conf.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
    process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["-p", directory, "-c", directory + "/nginx.conf"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  /// Waits until nginx answers.
  func waitUntilReady() async throws {
    for _ in 0..<100 {
      if (try? await get("/api/ping")) == 200 { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
    throw NginxMissing(detail: "nginx did not start: \(log)")
  }

  /// GETs `path` and returns the status.
  func get(_ path: String) async throws -> Int {
    let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
    let (_, response) = try await URLSession.shared.data(from: url)
    return (response as! HTTPURLResponse).statusCode
  }

  /// Asks the master to reopen its log files (what logrotate's postrotate does).
  func reopenLogs() { kill(process.processIdentifier, SIGUSR1) }

  func stop() {
    process.terminate()
    process.waitUntilExit()
    try? FileManager.default.removeItem(atPath: directory)
  }

  struct NginxMissing: Error, CustomStringConvertible {
    var detail = "nginx is not installed: scripts/test.sh installs Debian's nginx"
    var description: String { detail }
  }
}

@Suite("Real nginx, tailed", .serialized)
struct RealNginxTests {
  /// Sends a known mix; returns (count per route template, statuses).
  static func send(_ nginx: NginxProcess, users: Range<Int>, missing: Int, boom: Int) async throws
    -> [Int: Int]
  {
    var statuses: [Int: Int] = [:]
    for id in users {
      statuses[try await nginx.get("/api/v1/users/\(id)?page=\(id % 3)"), default: 0] += 1
    }
    for id in 0..<missing { statuses[try await nginx.get("/missing/\(id)"), default: 0] += 1 }
    for _ in 0..<boom { statuses[try await nginx.get("/boom"), default: 0] += 1 }
    return statuses
  }

  static func endpoints(_ runtime: LookoutRuntime) async throws -> [String: (
    count: Int, e4: Int, e5: Int
  )] {
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let filter = RequestFilter(
      project: 1, range: TimeRange(from: now - 3_600_000_000, to: now + 60_000_000))
    var result: [String: (count: Int, e4: Int, e5: Int)] = [:]
    for row in try await EndpointQuery.fromBlocks(runtime.requests, filter: filter) {
      result["\(row.method) \(row.route)"] = (row.count, row.status4xx, row.status5xx)
    }
    return result
  }

  /// Polls until the stored total reaches `total` (or 20 s pass), then returns the table.
  static func waitForTotal(_ total: Int, _ runtime: LookoutRuntime) async throws -> [String: (
    count: Int, e4: Int, e5: Int
  )] {
    let deadline = ContinuousClock.now + .seconds(20)
    var table = try await endpoints(runtime)
    while table.values.reduce(0, { $0 + $1.count }) < total, ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(200))
      table = try await endpoints(runtime)
    }
    // A little longer, so a duplicate would have time to show.
    try await Task.sleep(for: .milliseconds(600))
    return try await endpoints(runtime)
  }

  @Test(
    "counts, statuses and routes equal what was sent; rotation and restart lose and repeat nothing")
  func tailRealNginx() async throws {
    let nginx = try NginxProcess()
    defer { nginx.stop() }
    try await nginx.waitUntilReady()
    var configuration = TestApp.configuration()
    configuration.nginxSources = [
      NginxSourceConfiguration(
        path: nginx.accessLog, format: NginxProcess.logFormat, environment: "staging")
    ]
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }

    // Phase 1: traffic while Lookout tails, then a rename rotation mid-stream.
    try await TestApp.run(configuration, removeData: false) { _, runtime in
      let first = try await Self.send(nginx, users: 0..<30, missing: 10, boom: 5)
      #expect(first == [200: 30, 404: 10, 500: 5])
      var table = try await Self.waitForTotal(46, runtime)  // 45 + the readiness ping
      #expect(table["GET /api/v1/users/{id}"]?.count == 30)
      #expect(table["GET /missing/{id}"]?.count == 10)
      #expect(table["GET /missing/{id}"]?.e4 == 10)
      #expect(table["GET /boom"]?.count == 5)
      #expect(table["GET /boom"]?.e5 == 5)

      try FileManager.default.moveItem(atPath: nginx.accessLog, toPath: nginx.accessLog + ".1")
      // nginx goes on writing to access.log.1 until it is told to reopen its logs.
      _ = try await Self.send(nginx, users: 100..<110, missing: 0, boom: 0)
      nginx.reopenLogs()
      try await Task.sleep(for: .milliseconds(300))
      _ = try await Self.send(nginx, users: 200..<220, missing: 0, boom: 2)
      table = try await Self.waitForTotal(78, runtime)
      #expect(table["GET /api/v1/users/{id}"]?.count == 60)
      #expect(table["GET /boom"]?.count == 7)
      #expect(table.values.reduce(0) { $0 + $1.count } == 78)
    }

    // Phase 2: Lookout is down while nginx goes on logging; the restart resumes exactly.
    _ = try await Self.send(nginx, users: 300..<315, missing: 3, boom: 0)
    try await TestApp.run(configuration, removeData: false) { _, runtime in
      let table = try await Self.waitForTotal(96, runtime)
      #expect(table["GET /api/v1/users/{id}"]?.count == 75)
      #expect(table["GET /missing/{id}"]?.count == 13)
      #expect(table.values.reduce(0) { $0 + $1.count } == 96)
      let environments = runtime.requests.environments()
      #expect(environments == ["staging"])
    }
  }
}
