// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Lookout",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "lookout", targets: ["lookout"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),
    .target(name: "LookoutCore"),
    .target(
      name: "LookoutIngest",
      dependencies: [
        "LookoutCore", "CZlib", "CBrotli",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    .target(name: "LookoutAnalysis", dependencies: ["LookoutCore"]),
    .target(
      name: "LookoutStore",
      dependencies: [
        "LookoutCore", "LookoutAnalysis", "CZlib",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
      ]
    ),
    .target(
      name: "LookoutQuery",
      dependencies: ["LookoutCore", "LookoutAnalysis", "LookoutStore"]
    ),
    .target(
      name: "LookoutWeb",
      dependencies: [
        "LookoutCore", "LookoutQuery",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      resources: [.copy("Resources")]
    ),
    .target(
      name: "LookoutServer",
      dependencies: [
        "LookoutCore", "LookoutIngest", "LookoutAnalysis", "LookoutStore", "LookoutQuery",
        "LookoutWeb",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "lookout",
      dependencies: [
        "LookoutCore", "LookoutServer", "LookoutIngest", "LookoutAnalysis", "LookoutQuery",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "LookoutCoreTests", dependencies: ["LookoutCore"]),
    .testTarget(
      name: "LookoutIngestTests", dependencies: ["LookoutIngest"], resources: [.copy("Fixtures")]),
    .testTarget(name: "LookoutAnalysisTests", dependencies: ["LookoutAnalysis"]),
    .testTarget(name: "LookoutStoreTests", dependencies: ["LookoutStore"]),
    .testTarget(
      name: "LookoutQueryTests", dependencies: ["LookoutQuery"],
      // Read by path (#filePath), like the other fixtures.
      exclude: ["Language/Golden"]),
    .testTarget(name: "LookoutWebTests", dependencies: ["LookoutWeb"]),
    .testTarget(
      name: "LookoutServerTests",
      dependencies: [
        "LookoutServer",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
