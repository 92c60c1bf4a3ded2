import Foundation
import Logging
import LookoutCore
import LookoutIngest
import LookoutStore
import ServiceLifecycle

/// Tails one nginx access log named in `lookout.yml` into the request store.
///
/// Each batch of lines is decoded, enriched and committed together with the tailer's
/// checkpoint, so a restart resumes after the last committed line: no line is lost or
/// counted twice.
struct NginxTailService: Service {
  let tailer: FileTailer

  init(
    runtime: LookoutRuntime, source: NginxSourceConfiguration, logger: Logger,
    pollInterval: Duration = .milliseconds(250)
  ) throws {
    let format = try source.format.map(NginxIngestor.format(named:))
    let context = SourceContext(
      project: source.project ?? 1, environment: source.environment ?? "production")
    let name = "nginx:\(source.path)"
    let ingestor = NginxIngestor(runtime: runtime)
    let store = RequestOffsetCheckpointStore(requests: runtime.requests, sourceName: name)
    self.tailer = FileTailer(
      configuration: FileTailerConfiguration(path: source.path, pollInterval: pollInterval),
      checkpointStore: store, logger: logger
    ) { batch in
      let decoder = NginxBatchDecoder(format: format ?? Self.guess(batch))
      var decoded = NginxBatch(firstLineNumber: batch.firstLineNumber)
      for line in batch.lines {
        line.bytes.withUnsafeBytes { bytes in
          decoder.decodeLine(
            bytes, into: &decoded, refusal: line.isTruncated ? "line longer than the limit" : nil)
        }
      }
      let state = try JSONEncoder().encode(batch.checkpoint)
      _ = try await ingestor.ingest(
        decoded, context: context, source: name, offset: SourceOffset(source: name, state: state))
    }
  }

  func run() async throws {
    try await tailer.run()
  }

  private static func guess(_ batch: TailBatch) -> NginxLogFormat {
    guard let first = batch.lines.first(where: { !$0.bytes.isEmpty }) else { return .timed }
    return NginxIngestor.guessFormat(first.bytes)
  }
}

/// Reads tail checkpoints from the request store, where they are committed with the rows.
struct RequestOffsetCheckpointStore: TailCheckpointStore {
  let requests: RequestStore
  let sourceName: String

  func checkpoint(for path: String) async throws -> TailCheckpoint? {
    guard let offset = try requests.offset(source: sourceName) else { return nil }
    return try JSONDecoder().decode(TailCheckpoint.self, from: offset.state)
  }
}
