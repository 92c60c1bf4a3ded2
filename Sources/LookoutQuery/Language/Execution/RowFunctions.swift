import Foundation

/// The scalar functions, one row at a time, for the shapes without a column loop.
enum RowFunctions {
  /// `name` (lower-cased) applied to one row's argument values; null when a value has the
  /// wrong type.
  static func apply(_ name: String, _ args: [QueryValue]) -> QueryValue {
    switch name {
    case "abs":
      return numeric(args[0]) {
        abs($0)
      } int: {
        $0 == .min ? nil : abs($0)
      }
    case "ceil": return double(args[0]).map { .int(Int64(clamping: $0.rounded(.up))) } ?? .null
    case "floor": return double(args[0]).map { .int(Int64(clamping: $0.rounded(.down))) } ?? .null
    case "log":
      return double(args[0]).flatMap { $0 > 0 ? QueryValue.double(Foundation.log($0)) : nil }
        ?? .null
    case "sqrt":
      return double(args[0]).flatMap { $0 >= 0 ? QueryValue.double($0.squareRoot()) : nil } ?? .null
    case "greatest", "least":
      let present = args.filter { !$0.isNull }
      let pick = present.dropFirst().reduce(present.first) { best, value in
        guard let best else { return value }
        let order = QueryValue.looseCompare(value, best)
        return (name == "greatest" ? order == .orderedDescending : order == .orderedAscending)
          ? value : best
      }
      return pick ?? .null
    case "ispresent": return .bool(!args[0].isNull)
    case "coalesce": return args.first { !$0.isNull } ?? .null
    case "isempty": return .bool(args[0].text?.isEmpty ?? true)
    case "isblank": return .bool(args[0].text?.allSatisfy(\.isWhitespace) ?? true)
    case "concat":
      return .string(args.map { $0.text ?? "" }.joined())
    case "trim": return text(args[0]) { $0.trimmingCharacters(in: .whitespaces) }
    case "ltrim": return text(args[0]) { String($0.drop { $0.isWhitespace }) }
    case "rtrim": return text(args[0]) { String($0.reversed().drop { $0.isWhitespace }.reversed()) }
    case "strlen": return args[0].text.map { .int(Int64($0.count)) } ?? .null
    case "toupper": return text(args[0]) { $0.uppercased() }
    case "tolower": return text(args[0]) { $0.lowercased() }
    case "substr":
      guard let value = args[0].text, let start = int(args[1]) else { return .null }
      let characters = Array(value)
      let from = max(0, min(characters.count, Int(clamping: start)))
      var to = characters.count
      if args.count > 2 {
        guard let length = int(args[2]), length >= 0 else { return .null }
        to = from + min(characters.count - from, Int(clamping: length))
      }
      return .string(String(characters[from..<to]))
    case "replace":
      guard let value = args[0].text, let target = args[1].text, let replacement = args[2].text
      else { return .null }
      return .string(
        target.isEmpty ? value : value.replacingOccurrences(of: target, with: replacement))
    case "strcontains":
      guard let value = args[0].text, let needle = args[1].text else { return .null }
      return .bool(value.contains(needle))
    case "frommillis": return int(args[0]).map { .int($0 &* 1000) } ?? .null
    case "tomillis": return int(args[0]).map { .int(floor($0, 1000) / 1000) } ?? .null
    case "isvalidip": return .bool(args[0].text.flatMap(IPAddress.parse) != nil)
    case "isipinsubnet":
      guard let ip = args[0].text.flatMap(IPAddress.parse), let subnet = args[1].text else {
        return .bool(false)
      }
      return .bool(IPAddress.subnet(subnet).map { $0.contains(ip) } ?? false)
    default:
      return .null
    }
  }

  /// `timestamp` rounded down to a multiple of `width` (floor, also before 1970).
  static func floor(_ timestamp: Int64, _ width: Int64) -> Int64 {
    let remainder = timestamp % width
    return remainder < 0 ? timestamp &- remainder &- width : timestamp &- remainder
  }

  private static func double(_ value: QueryValue) -> Double? {
    if case .string(let s) = value { return Double(s) }
    if case .bool = value { return nil }
    return value.doubleValue
  }

  private static func int(_ value: QueryValue) -> Int64? {
    switch value {
    case .int(let v): return v
    case .double(let v): return v.isFinite ? Int64(clamping: v.rounded(.down)) : nil
    case .string(let s):
      return Int64(s)
        ?? Double(s).flatMap { $0.isFinite ? Int64(clamping: $0.rounded(.down)) : nil }
    default: return nil
    }
  }

  private static func numeric(
    _ value: QueryValue, _ double: (Double) -> Double, int: (Int64) -> Int64?
  ) -> QueryValue {
    switch value {
    case .int(let v): return int(v).map { .int($0) } ?? .null
    case .double(let v): return .double(double(v))
    case .string(let s): return Double(s).map { .double(double($0)) } ?? .null
    default: return .null
    }
  }

  private static func text(_ value: QueryValue, _ transform: (String) -> String) -> QueryValue {
    value.text.map { .string(transform($0)) } ?? .null
  }
}

extension Int64 {
  /// Converts a double, saturating at the bounds; NaN gives 0.
  init(clamping value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9.2e18 {
      self = .max
    } else if value <= -9.2e18 {
      self = .min
    } else {
      self = Int64(value)
    }
  }
}

/// IPv4 and IPv6 addresses as bytes, for `isValidIp` and `isIpInSubnet`.
struct IPAddress: Equatable {
  /// 4 bytes for IPv4, 16 for IPv6.
  var bytes: [UInt8]

  static func parse(_ text: String) -> IPAddress? {
    if text.contains(":") { return parseV6(text) }
    return parseV4(text)
  }

  private static func parseV4(_ text: String) -> IPAddress? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
      guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part)
      else { return nil }
      bytes.append(value)
    }
    return IPAddress(bytes: bytes)
  }

  private static func parseV6(_ text: String) -> IPAddress? {
    let halves = text.components(separatedBy: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt8]? {
      if part.isEmpty { return [] }
      var bytes: [UInt8] = []
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      for (index, piece) in pieces.enumerated() {
        if index == pieces.count - 1, piece.contains("."), let v4 = parseV4(String(piece)) {
          bytes += v4.bytes
          continue
        }
        guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else {
          return nil
        }
        bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
      }
      return bytes
    }
    guard let head = groups(halves[0]) else { return nil }
    if halves.count == 1 { return head.count == 16 ? IPAddress(bytes: head) : nil }
    guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
    return IPAddress(
      bytes: head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail)
  }

  /// A subnet in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a /32 or
  /// /128.
  static func subnet(_ text: String) -> (
    network: IPAddress, prefix: Int, contains: (IPAddress) -> Bool
  )? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let network = parse(String(parts[0])) else { return nil }
    let bits = network.bytes.count * 8
    let prefix = parts.count == 2 ? Int(parts[1]) : bits
    guard let prefix, (0...bits).contains(prefix) else { return nil }
    return (
      network, prefix,
      { address in
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefix
        for index in network.bytes.indices where remaining > 0 {
          let take = min(8, remaining)
          let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
          if address.bytes[index] & mask != network.bytes[index] & mask { return false }
          remaining -= take
        }
        return true
      }
    )
  }
}
