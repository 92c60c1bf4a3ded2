import ArgumentParser

/// The `lookout` command: the server and the offline tools.
@main
struct Lookout: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lookout",
    abstract:
      "One monitoring server for errors, traces, endpoints, slow queries, logs and metrics.",
    subcommands: [
      Serve.self, Digest.self, QueryCommand.self, PatternsCommand.self, BenchStore.self,
      BenchSpans.self,
    ])
}
