import Foundation
import Logging
import Synchronization

/// Log lines to standard error in the format of swift-log's `StreamLogHandler`
/// (`2026-11-27T01:39:47+0000 info lookout: key=value [source] message`), with metadata
/// rendered when a line is written.
///
/// `StreamLogHandler` renders all of a logger's metadata into a string every time a key is
/// set, and Hummingbird sets a request id on the logger of every request: 1.7% of the
/// server's CPU under the Sentry ingest benchmark went to text nobody read at level
/// `info`.
///
/// ```swift
/// LoggingSystem.bootstrap { StandardErrorLogHandler(label: $0, logLevel: .info) }
/// ```
public struct StandardErrorLogHandler: LogHandler {
  public let label: String
  public var logLevel: Logger.Level
  public var metadata: Logger.Metadata = [:]
  public var metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
  private let write: @Sendable (String) -> Void

  /// Lines from several threads are written whole, one at a time.
  private static let output = Mutex(())

  /// Creates a handler; `write` takes each finished line (standard error unless a test
  /// passes its own).
  public init(
    label: String, logLevel: Logger.Level,
    write: @escaping @Sendable (String) -> Void = StandardErrorLogHandler.standardError
  ) {
    self.label = label
    self.logLevel = logLevel
    self.write = write
  }

  /// Writes `line` to standard error, whole.
  @Sendable public static func standardError(_ line: String) {
    output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var all = metadata
    if let provided = metadataProvider?.get() {
      all.merge(provided) { _, provided in provided }
    }
    if let explicit = event.metadata { all.merge(explicit) { _, explicit in explicit } }
    if let error = event.error {
      all["error.message"] = "\(error)"
      all["error.type"] = "\(String(reflecting: type(of: error)))"
    }
    let rendered =
      all.isEmpty
      ? ""
      : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    let line =
      "\(Self.timestamp()) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(rendered) "
      + "[\(event.source)] \(event.message)\n"
    write(line)
  }

  private static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
    var buffer = [CChar](repeating: 0, count: 64)
    let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
