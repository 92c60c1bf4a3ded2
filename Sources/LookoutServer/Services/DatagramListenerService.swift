import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Listens for UDP datagrams (the X-Ray daemon protocol on :2000) and hands each one's
/// bytes to `handle`, one at a time, until graceful shutdown.
///
/// When the address cannot be bound and `required` is false (the default address, which a
/// real X-Ray daemon on the same host may hold), it logs a warning and stays idle instead
/// of stopping the server.
struct DatagramListenerService: Service {
  let host: String
  let port: Int
  let required: Bool
  let logger: Logger
  /// Largest datagram read; X-Ray documents are at most 64 KB.
  var maxDatagramBytes = 65_536
  let handle: @Sendable ([UInt8]) async -> Void

  func run() async throws {
    let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
    do {
      channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.socketOption(.so_reuseaddr), value: 1)
        .channelOption(
          .recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: maxDatagramBytes)
        )
        .bind(host: host, port: port) { channel in
          channel.eventLoop.makeCompletedFuture {
            try NIOAsyncChannel(wrappingChannelSynchronously: channel)
          }
        }
    } catch {
      guard !required else { throw error }
      logger.warning(
        "UDP \(host):\(port) not bound; this listener stays off",
        metadata: ["error": "\(error)"])
      try? await gracefulShutdown()
      return
    }
    logger.info("listening for UDP datagrams on \(host):\(port)")
    try await withGracefulShutdownHandler {
      try await channel.executeThenClose { inbound, _ in
        for try await envelope in inbound {
          await handle(Array(envelope.data.readableBytesView))
        }
      }
    } onGracefulShutdown: {
      channel.channel.close(promise: nil)
    }
  }
}
