import Metrics
import Prometheus

/// The process-wide Prometheus registry behind `/metrics`.
///
/// swift-metrics allows one bootstrap per process, so the first server started
/// bootstraps it and later ones (tests start many) share the same registry.
public enum LookoutMetrics {
  /// The registry every Lookout metric is recorded in.
  public static let registry: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    var factory = PrometheusMetricsFactory(registry: registry)
    factory.defaultDurationHistogramBuckets = [
      .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]
    MetricsSystem.bootstrap(factory)
    return registry
  }()

  /// Makes sure the registry is bootstrapped before any metric is created.
  public static func bootstrap() { _ = registry }

  /// The exposition text of every metric.
  public static func exposition() -> [UInt8] {
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    return buffer
  }
}
