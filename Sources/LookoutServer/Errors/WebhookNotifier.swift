import AsyncHTTPClient
import Foundation
import Logging
import LookoutStore
import NIOCore
import ServiceLifecycle

/// Posts each new issue and regression, as JSON, to the configured webhook URLs.
///
/// Notifications arrive on a stream fed after the write transaction commits, so a
/// notification is never sent for an event that was not stored. Each URL gets up to three
/// attempts; a receiver that stays down loses the notification (logged), and ingest never
/// waits for it.
final class WebhookNotifier: Service {
  private let urls: [String]
  private let notifications: AsyncStream<IssueNotification>
  private let logger: Logger
  private let baseURL: String

  init(
    urls: [String], notifications: AsyncStream<IssueNotification>, baseURL: String,
    logger: Logger
  ) {
    self.urls = urls
    self.notifications = notifications
    self.baseURL = baseURL
    self.logger = logger
  }

  func run() async throws {
    for await notification in notifications.cancelOnGracefulShutdown() {
      guard !urls.isEmpty else { continue }
      let body = try Self.body(notification, baseURL: baseURL)
      for url in urls { await deliver(body, to: url, notification) }
    }
  }

  /// The JSON document a receiver gets.
  static func body(_ notification: IssueNotification, baseURL: String) throws -> [UInt8] {
    let document: [String: Any] = [
      "event": notification.kind.rawValue,
      "project_id": notification.project,
      "issue": [
        "id": notification.issueID, "title": notification.title, "culprit": notification.culprit,
        "url": "\(baseURL)/issues/\(notification.issueID)",
      ],
      "environment": notification.environment,
      "release": notification.release,
      "event_id": notification.eventID,
    ]
    return [UInt8](try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
  }

  private func deliver(_ body: [UInt8], to url: String, _ notification: IssueNotification) async {
    for attempt in 1...3 {
      do {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Lookout")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try? await response.body.collect(upTo: 1 << 16)
        if (200..<300).contains(Int(response.status.code)) { return }
        logger.warning(
          "webhook \(url) answered \(response.status.code) for \(notification.kind.rawValue)")
      } catch {
        logger.warning("webhook \(url) failed (attempt \(attempt)): \(error)")
      }
      try? await Task.sleep(for: .milliseconds(200 * attempt))
    }
  }
}
