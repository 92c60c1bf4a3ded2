import Foundation
import Hummingbird
import Logging
import LookoutStore
import LookoutWeb
import ServiceLifecycle

/// Builds the one Hummingbird application that serves the UI, the JSON API and every
/// HTTP ingest path, with the services that run beside it.
///
/// ```swift
/// let built = try LookoutApplication.build(configuration: .init(), logger: logger)
/// print(built.report.ingestKey)
/// try await built.application.runService()
/// ```
public enum LookoutApplication {
  /// What ``build(configuration:logger:)`` returns.
  public struct Built {
    /// The application to run.
    public var application: Application<RouterResponder<LookoutRequestContext>>
    /// Stores, writers and statistics shared by routes and services.
    public var runtime: LookoutRuntime
    /// Keys and logins created on first start.
    public var report: BootstrapReport
  }

  /// Paths served without a login.
  static let publicPrefixes = [
    "/healthz", "/readyz", "/metrics", "/login", "/api/v1/login", "/api/ingest", "/static",
    "/v1/traces", "/api/v2/spans", "/v1/logs", "/loki/api/v1/push",
  ]

  /// Opens the store, creates the default project and admin when missing, and wires routes
  /// and services.
  /// - Throws: store and configuration errors.
  public static func build(configuration: LookoutConfiguration, logger: Logger) throws -> Built {
    LookoutMetrics.bootstrap()
    let runtime = try LookoutRuntime(configuration: configuration, logger: logger)
    let report = try Bootstrap.run(meta: runtime.meta, configuration: configuration)

    let router = Router(context: LookoutRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: AuthMiddleware(meta: runtime.meta, publicPrefixes: publicPrefixes))
    HealthRoutes(runtime: runtime).register(on: router)
    AuthRoutes(runtime: runtime).register(on: router)
    IngestRoutes(runtime: runtime).register(on: router)
    RequestAPIRoutes(runtime: runtime).register(on: router)
    TokenRoutes(runtime: runtime).register(on: router)
    SentryRoutes(runtime: runtime).register(on: router)
    IssueAPIRoutes(runtime: runtime).register(on: router)
    SlowQueryAPIRoutes(runtime: runtime).register(on: router)
    TraceIngestRoutes(runtime: runtime).register(on: router)
    LogIngestRoutes(runtime: runtime).register(on: router)
    let xray = XRayReceiver(runtime: runtime, logger: logger)
    TraceAPIRoutes(runtime: runtime, xray: xray).register(on: router)
    QueryAPIRoutes(runtime: runtime).register(on: router)
    LogPatternAPIRoutes(runtime: runtime).register(on: router)
    let web = WebRoutes(runtime: runtime, renderer: try WebRenderer())
    web.register(on: router)
    IssuePageRoutes(web: web).register(on: router)
    SlowQueryPageRoutes(web: web).register(on: router)
    TracePageRoutes(web: web, xray: xray).register(on: router)
    LogsPageRoutes(web: web).register(on: router)
    SavedQueryRoutes(runtime: runtime).register(on: router)
    try SavedQueryRoutes.seedDashboards(runtime)

    var services: [any Service] = [
      BatchWriterService(writer: runtime.requestWriter),
      BatchWriterService(writer: runtime.errorWriter),
      BatchWriterService(writer: runtime.spanWriter),
      BatchWriterService(writer: runtime.slowQueryWriter),
      BatchWriterService(writer: runtime.logWriter),
      WebhookNotifier(
        urls: configuration.webhooks, notifications: runtime.issueNotifications,
        baseURL:
          "http://\(configuration.httpHost == "0.0.0.0" ? "localhost" : configuration.httpHost):\(configuration.httpPort)",
        logger: logger),
      StoreMaintenanceService(runtime: runtime, logger: logger),
      SpanEdgeExpiryService(runtime: runtime),
    ]
    for source in configuration.nginxSources {
      services.append(try NginxTailService(runtime: runtime, source: source, logger: logger))
    }
    for source in configuration.slowLogSources {
      services.append(try SlowLogTailService(runtime: runtime, source: source, logger: logger))
    }
    for source in configuration.logSources {
      services.append(try LogTailService(runtime: runtime, source: source, logger: logger))
    }
    if let address = configuration.otlpHTTP {
      let otlpRouter = Router(context: LookoutRequestContext.self)
      otlpRouter.add(middleware: MetricsMiddleware())
      TraceIngestRoutes(runtime: runtime).registerOTLP(on: otlpRouter)
      LogIngestRoutes(runtime: runtime).registerOTLP(on: otlpRouter)
      let otlp = Application(
        router: otlpRouter,
        configuration: .init(
          address: .hostname(address.host, port: address.port), serverName: "Lookout OTLP"),
        logger: logger)
      services.append(
        OptionalService(
          name: "OTLP/HTTP on \(address.host):\(address.port)", required: address.required,
          logger: logger, service: otlp))
    }
    if let address = configuration.xrayUDP {
      services.append(
        DatagramListenerService(
          host: address.host, port: address.port, required: address.required, logger: logger
        ) { bytes in await xray.receive(bytes) })
      services.append(XRayFlushService(receiver: xray))
    }
    if configuration.demo {
      services.append(DemoTrafficService(runtime: runtime, logger: logger))
    }
    let application = Application(
      router: router,
      configuration: .init(
        address: .hostname(configuration.httpHost, port: configuration.httpPort),
        serverName: "Lookout"),
      services: services,
      onServerRunning: { _ in runtime.markReady() },
      logger: logger)
    return Built(application: application, runtime: runtime, report: report)
  }
}
