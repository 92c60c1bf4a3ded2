/// A regular expression that runs in time linear in its input, whatever the pattern.
///
/// Swift `Regex` and `NSRegularExpression` backtrack without a step limit, so a pattern such
/// as `(a+)+$` against `aaaa…ab` runs for ages. This engine compiles the pattern to a byte
/// program and runs it as a Pike VM (Thompson NFA simulation with captures): every input
/// byte advances all live threads once, so the cost is at most input length × program size.
/// Semantics are leftmost-first like Perl and Swift (greedy/lazy quantifiers, first matching
/// alternative preferred), on UTF-8 bytes with whole-character `.` and negated classes.
///
/// ```swift
/// let regex = try BoundedRegex("user=(?<user>\\w+)")
/// regex.captures(in: "login user=ana ok")  // ["user": "ana"]
/// ```
public struct BoundedRegex: Sendable {
  /// The pattern as written.
  public let pattern: String
  /// Named groups in order of their opening parenthesis.
  public let groupNames: [String]
  let program: RegexProgram

  /// Programs larger than this are refused (a `{1000}` inside a `{1000}` would explode).
  static let maxInstructions = 100_000

  /// Compiles `pattern`.
  ///
  /// - Throws: ``QueryError`` of kind `.syntax`; its position is the character offset in the
  ///   pattern (line 1), which callers shift to the pattern's place in the query.
  public init(_ pattern: String) throws(QueryError) {
    self.pattern = pattern
    var parser = RegexParser(pattern)
    let tree: RegexNode
    do {
      tree = try parser.parse()
    } catch {
      throw QueryError(
        .syntax, "bad regular expression: \(error.message)",
        at: SourcePosition(offset: error.offset, line: 1, column: error.offset + 1))
    }
    var compiler = RegexCompiler()
    compiler.emit(.save(0))
    compiler.compile(tree)
    compiler.emit(.save(1))
    compiler.emit(.match)
    guard compiler.instructions.count <= BoundedRegex.maxInstructions else {
      throw QueryError(
        .syntax, "regular expression too large (\(compiler.instructions.count) steps)", at: .start)
    }
    let names = parser.groupNames
    program = RegexProgram(
      instructions: compiler.instructions, slotCount: 2 * (parser.groupCount + 1),
      groupNames: (0...parser.groupCount).map { names[$0] })
    groupNames = (1...max(1, parser.groupCount)).compactMap { names[$0] }
  }

  /// Whether the pattern matches somewhere in `text`.
  public func matches(_ text: String) -> Bool {
    var matcher = RegexMatcher(program)
    return matcher.matches(text)
  }

  /// The named groups of the leftmost match in `text`, or nil when there is no match; a group
  /// that took no part in the match is absent.
  public func captures(in text: String) -> [String: String]? {
    var matcher = RegexMatcher(program)
    return matcher.captures(in: text)
  }
}

/// A compiled byte program.
struct RegexProgram: Sendable {
  enum Instruction: Sendable {
    /// Consume one byte in the set.
    case byte(ByteSet)
    /// Continue at both; the first is preferred.
    case split(Int, Int)
    case jump(Int)
    /// Record the position in a capture slot.
    case save(Int)
    case assert(RegexAssertion)
    case match
  }

  var instructions: [Instruction]
  var slotCount: Int
  /// The name of each group by number (0 is the whole match), nil for unnamed groups.
  var groupNames: [String?]
}

/// Turns a ``RegexNode`` tree into instructions.
struct RegexCompiler {
  var instructions: [RegexProgram.Instruction] = []

  @discardableResult mutating func emit(_ instruction: RegexProgram.Instruction) -> Int {
    instructions.append(instruction)
    return instructions.count - 1
  }

  mutating func compile(_ node: RegexNode) {
    // Stop growing once too large; the caller reports the size.
    guard instructions.count <= BoundedRegex.maxInstructions else { return }
    switch node {
    case .empty: break
    case .set(let set): emit(.byte(set))
    case .concat(let items): for item in items { compile(item) }
    case .alternation(let branches):
      var jumps: [Int] = []
      for (offset, branch) in branches.enumerated() {
        if offset < branches.count - 1 {
          let split = emit(.split(0, 0))
          compile(branch)
          jumps.append(emit(.jump(0)))
          instructions[split] = .split(split + 1, instructions.count)
        } else {
          compile(branch)
        }
      }
      for jump in jumps { instructions[jump] = .jump(instructions.count) }
    case .capture(let inner, let index):
      emit(.save(2 * index))
      compile(inner)
      emit(.save(2 * index + 1))
    case .assertion(let assertion): emit(.assert(assertion))
    case .repetition(let inner, let min, let max, let greedy):
      for _ in 0..<min { compile(inner) }
      if let max {
        // Each optional copy: split(body, end); nested so that skipping one skips the rest.
        var splits: [Int] = []
        for _ in min..<max {
          splits.append(emit(.split(0, 0)))
          compile(inner)
        }
        let end = instructions.count
        for split in splits {
          instructions[split] = greedy ? .split(split + 1, end) : .split(end, split + 1)
        }
      } else {
        let loop = emit(.split(0, 0))
        compile(inner)
        emit(.jump(loop))
        let end = instructions.count
        instructions[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
      }
    }
  }
}

/// Runs a ``RegexProgram``; holds reusable thread lists, so one matcher per batch of rows
/// avoids allocating per row.
struct RegexMatcher {
  let program: RegexProgram
  private var current: ThreadList
  private var next: ThreadList
  private var stack: [(pc: Int, slots: [Int])] = []

  init(_ program: RegexProgram) {
    self.program = program
    current = ThreadList(capacity: program.instructions.count)
    next = ThreadList(capacity: program.instructions.count)
  }

  /// Whether the program matches somewhere in `text` (captures are not tracked).
  mutating func matches(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { run($0, trackSlots: false) != nil }
  }

  /// The named captures of the leftmost match.
  mutating func captures(in text: String) -> [String: String]? {
    var text = text
    return text.withUTF8 { bytes -> [String: String]? in
      guard let slots = run(bytes, trackSlots: true) else { return nil }
      var result: [String: String] = [:]
      for (group, name) in program.groupNames.enumerated() {
        guard let name, 2 * group + 1 < slots.count else { continue }
        let start = slots[2 * group]
        let end = slots[2 * group + 1]
        guard start >= 0, end >= start else { continue }
        result[name] = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
      }
      return result
    }
  }

  /// The capture slots of the leftmost-first match, or nil.
  private mutating func run(_ input: UnsafeBufferPointer<UInt8>, trackSlots: Bool) -> [Int]? {
    let empty = trackSlots ? [Int](repeating: -1, count: program.slotCount) : []
    let instructions = program.instructions
    var matched: [Int]?
    var current = self.current
    var next = self.next
    var stack = self.stack
    defer {
      self.current = current
      self.next = next
      self.stack = stack
    }
    current.clear()
    var position = 0
    while true {
      if matched == nil {
        // Start a new attempt here, with the lowest priority (leftmost-first).
        RegexMatcher.addThread(
          instructions, to: &current, stack: &stack, pc: 0, slots: empty, at: position,
          input: input, track: trackSlots)
      }
      // No live thread: done if a match was found, else try the next start position.
      if current.isEmpty, matched != nil { break }
      next.clear()
      threads: for entry in 0..<current.count {
        let pc = current.pcs[entry]
        switch instructions[pc] {
        case .byte(let set):
          if position < input.count, set.contains(input[position]) {
            RegexMatcher.addThread(
              instructions, to: &next, stack: &stack, pc: pc + 1, slots: current.slots[entry],
              at: position + 1, input: input, track: trackSlots)
          }
        case .match:
          matched = current.slots[entry]
          if !trackSlots { return matched }
          // Lower-priority threads lose to this match.
          break threads
        default: break
        }
      }
      if position >= input.count { break }
      swap(&current, &next)
      position += 1
    }
    return matched
  }

  /// Adds `pc` and everything reachable from it without consuming a byte, in priority order.
  private static func addThread(
    _ instructions: [RegexProgram.Instruction], to list: inout ThreadList,
    stack: inout [(pc: Int, slots: [Int])], pc: Int, slots: [Int], at position: Int,
    input: UnsafeBufferPointer<UInt8>, track: Bool
  ) {
    stack.append((pc, slots))
    while let (pc, slots) = stack.popLast() {
      guard !list.contains(pc) else { continue }
      list.mark(pc)
      switch instructions[pc] {
      case .jump(let target): stack.append((target, slots))
      case .split(let first, let second):
        stack.append((second, slots))
        stack.append((first, slots))
      case .save(let slot):
        var updated = slots
        if track, slot < updated.count { updated[slot] = position }
        stack.append((pc + 1, updated))
      case .assert(let assertion):
        if holds(assertion, at: position, in: input) { stack.append((pc + 1, slots)) }
      case .byte, .match:
        list.append(pc, slots)
      }
    }
  }

  private static func holds(
    _ assertion: RegexAssertion, at position: Int, in input: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    switch assertion {
    case .textStart: return position == 0
    case .textEnd: return position == input.count
    case .wordBoundary, .notWordBoundary:
      let before = position > 0 && ByteSet.word.contains(input[position - 1])
      let after = position < input.count && ByteSet.word.contains(input[position])
      return (before != after) == (assertion == .wordBoundary)
    }
  }
}

/// The threads alive at one input position: a sparse set of program counters in priority
/// order, each with its capture slots.
struct ThreadList {
  private(set) var pcs: [Int]
  private(set) var slots: [[Int]]
  private(set) var count = 0
  private var sparse: [Int]
  private var generation: [Int]
  private var stamp = 1

  init(capacity: Int) {
    pcs = [Int](repeating: 0, count: capacity)
    slots = [[Int]](repeating: [], count: capacity)
    sparse = [Int](repeating: 0, count: capacity)
    generation = [Int](repeating: 0, count: capacity)
  }

  var isEmpty: Bool { count == 0 }

  mutating func clear() {
    count = 0
    stamp += 1
  }

  /// Whether `pc` was already visited at this position.
  func contains(_ pc: Int) -> Bool { generation[pc] == stamp }

  mutating func mark(_ pc: Int) { generation[pc] = stamp }

  mutating func append(_ pc: Int, _ threadSlots: [Int]) {
    pcs[count] = pc
    slots[count] = threadSlots
    sparse[pc] = count
    count += 1
  }
}
