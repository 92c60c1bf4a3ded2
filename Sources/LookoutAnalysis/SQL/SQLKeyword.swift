/// The SQL keywords fingerprinting reacts to; any other word is a name.
///
/// Only the words some rule needs are here: literals (`null`, `true`, `false`), list and
/// clause words, the words that start a statement or a table reference, and the reserved
/// words that can follow a table name (so they are never taken for its alias).
enum SQLKeyword: UInt8, CaseIterable {
  // One case per keyword, in alphabetical order; `spelling` gives the SQL.
  case all, and, any, array, `as`, asc, between, by, `case`, conflict, cross, delayed, delete
  case desc, distinct, div, `do`, dual, duplicate, `else`, escape, except, exists, extract, `false`
  case fetch, `for`, force, from, full, group, having, highPriority, ignore, ilike, `in`, inner
  case insert, intersect, interval, into, `is`, join, key, lateral, left, like, limit, lock
  case lowPriority, mod, natural, not, null, of, offset, on, only, or, order, outer, partition
  case prepare, quick, recursive, regexp, replace, `return`, returning, right, rlike, select, set,
    some
  case straightJoin, table, tablesample, then, `true`, union, update, use, using, value, values
  case when, `where`, window, with, xor

  /// The keyword as written in SQL, lower case.
  var spelling: String {
    switch self {
    case .highPriority: "high_priority"
    case .lowPriority: "low_priority"
    case .straightJoin: "straight_join"
    default: "\(self)"
    }
  }

  /// Whether a `-` or `+` right after this keyword is a sign, not an operator: the keyword
  /// ends where an operand may start (`where -1`, `then -1`, `limit -1`).
  var precedesOperand: Bool {
    switch self {
    case .all, .and, .any, .between, .by, .case, .distinct, .div, .else, .escape, .having,
      .ilike, .in, .interval, .is, .like, .limit, .mod, .not, .offset, .on, .or, .regexp,
      .return, .rlike, .select, .set, .some, .then, .value, .values, .when, .where, .xor:
      true
    default:
      false
    }
  }
}

/// Finds the ``SQLKeyword`` a word spells, case-insensitively, with one multiplication and a
/// probe or two.
///
/// A word of up to 16 bytes is packed into two 64-bit integers (byte `i` at bits
/// `8 * (i % 8)`) and case-folded; longer words are never keywords. The slots live in memory that is
/// allocated once and never freed, so passing the table around costs no reference counting.
struct SQLKeywordTable: @unchecked Sendable {
  /// One slot: a packed spelling (`low == 0` when empty) and its keyword.
  private struct Slot {
    var low: UInt64
    var high: UInt64
    var keyword: SQLKeyword?
  }

  /// The table every fingerprinter shares.
  static let shared = SQLKeywordTable()

  private static let slotBits = 9
  private static let slotMask = (1 << slotBits) - 1
  // Immutable after `init`, hence the unchecked `Sendable`.
  private let slots: UnsafeMutablePointer<Slot>

  /// Builds the table from ``SQLKeyword/allCases``.
  private init() {
    slots = .allocate(capacity: Self.slotMask + 1)
    slots.initialize(repeating: Slot(low: 0, high: 0, keyword: nil), count: Self.slotMask + 1)
    for keyword in SQLKeyword.allCases {
      let packed = Self.pack(keyword.spelling)
      var slot = Self.slot(low: packed.low, high: packed.high)
      while slots[slot].low != 0 { slot = (slot + 1) & Self.slotMask }
      slots[slot] = Slot(low: packed.low, high: packed.high, keyword: keyword)
    }
  }

  /// The keyword `bytes[range]` spells in any case, if any.
  ///
  /// Bytes are folded with `| 0x20`, eight at a time: that lower-cases letters and leaves
  /// digits, `$` and `_`-free keywords alone; `_` becomes 0x7F, which no other word byte
  /// does, and keyword spellings are folded the same way, so no word matches a keyword it
  /// does not spell.
  @inline(__always)
  func keyword(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> SQLKeyword? {
    let length = range.count
    guard length <= 16, length > 0 else { return nil }
    var low: UInt64
    var high: UInt64 = 0
    if range.lowerBound + 16 <= bytes.count {
      let raw = UnsafeRawPointer(bytes.baseAddress! + range.lowerBound)
      low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
      if length < 8 {
        low &= (1 &<< UInt64(length &* 8)) &- 1
      } else if length > 8 {
        high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if length < 16 { high &= (1 &<< UInt64((length &- 8) &* 8)) &- 1 }
      }
    } else {
      low = 0
      for index in range {
        let offset = UInt64(index &- range.lowerBound)
        if offset < 8 {
          low |= UInt64(bytes[index]) &<< (offset &* 8)
        } else {
          high |= UInt64(bytes[index]) &<< ((offset &- 8) &* 8)
        }
      }
    }
    return keyword(low: Self.fold(low), high: Self.fold(high))
  }

  /// The keyword whose folded, packed spelling is `low`, `high`, if any.
  @inline(__always)
  private func keyword(low: UInt64, high: UInt64) -> SQLKeyword? {
    var slot = Self.slot(low: low, high: high)
    while true {
      let candidate = slots[slot]
      if candidate.low == 0 { return nil }
      if candidate.low == low, candidate.high == high { return candidate.keyword }
      slot = (slot &+ 1) & Self.slotMask
    }
  }

  /// `packed` with `0x20` set in every non-zero byte.
  @inline(__always)
  private static func fold(_ packed: UInt64) -> UInt64 {
    // A byte's high bits are set exactly when the byte is not zero (word bytes never are).
    var nonZero = packed | (packed &>> 4)
    nonZero |= nonZero &>> 2
    nonZero |= nonZero &>> 1
    return packed | ((nonZero & 0x0101_0101_0101_0101) &* 0x20)
  }

  /// `spelling` packed and folded like a word.
  private static func pack(_ spelling: String) -> (low: UInt64, high: UInt64) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for (offset, byte) in spelling.utf8.enumerated() {
      if offset < 8 {
        low |= UInt64(byte) &<< UInt64(offset * 8)
      } else {
        high |= UInt64(byte) &<< UInt64((offset - 8) * 8)
      }
    }
    return (fold(low), fold(high))
  }

  @inline(__always)
  private static func slot(low: UInt64, high: UInt64) -> Int {
    let mixed = (low ^ (high &* 0xc2b2_ae3d_27d4_eb4f)) &* 0x9e37_79b9_7f4a_7c15
    return Int(truncatingIfNeeded: mixed >> UInt64(64 - slotBits))
  }
}
