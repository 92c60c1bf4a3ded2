import Foundation
import Synchronization

/// A token bucket per project: `ratePerSecond` events on average, bursts up to one
/// second's worth. Sentry SDKs read the 429 it leads to and stop sending for a while.
final class ProjectRateLimiter: Sendable {
  private struct Bucket {
    var tokens: Double
    var updated: Double
  }

  private let ratePerSecond: Double
  private let buckets = Mutex<[Int64: Bucket]>([:])

  init(ratePerSecond: Int) {
    self.ratePerSecond = Double(max(1, ratePerSecond))
  }

  /// Takes `count` events for `project` at `now` (seconds); nil when they may pass, else
  /// the seconds to wait before the bucket has them again.
  func take(_ count: Int, project: Int64, now: Double = Date().timeIntervalSince1970) -> Int? {
    let rate = ratePerSecond
    return buckets.withLock { buckets in
      var bucket = buckets[project] ?? Bucket(tokens: rate, updated: now)
      bucket.tokens = min(rate, bucket.tokens + (now - bucket.updated) * rate)
      bucket.updated = now
      let wanted = Double(count)
      if bucket.tokens >= wanted {
        bucket.tokens -= wanted
        buckets[project] = bucket
        return nil
      }
      buckets[project] = bucket
      return max(1, Int(((wanted - bucket.tokens) / rate).rounded(.up)))
    }
  }
}
