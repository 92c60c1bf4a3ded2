import LookoutCore

/// Runs a compiled text format over one line: first delimits every variable (the match),
/// then converts the values (the build).
///
/// Most variables are delimited by their kind, which cannot be fooled by the text inside
/// them: a quoted value ends at the first `"` not escaped (nginx writes inner quotes as
/// `\x22`), a number at its last digit, `$time_local` after 26 bytes, an upstream list after
/// its last `, `/` : ` part. Any other variable ends where the literal after it first
/// appears; when the rest of the line then does not match, the match backtracks and tries
/// that literal's later occurrences (an unquoted `$http_x_forwarded_for` holding `a, b`
/// before a space), within a small budget so that a bad line stays cheap.
enum NginxTextMatcher {
  /// How many times one line may backtrack before it is reported bad.
  static let backtrackBudget = 32

  static func decode(
    _ line: UnsafeRawBufferPointer, columnBase: Int, program: NginxProgram
  ) throws(NginxDecodeError) -> RequestRecord {
    try program.steps.withUnsafeBufferPointer { (steps) throws(NginxDecodeError) in
      try program.literals.withUnsafeBufferPointer { (literalBytes) throws(NginxDecodeError) in
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: steps.count * 2) {
          (bounds) throws(NginxDecodeError) in
          let literals = UnsafeRawBufferPointer(literalBytes)
          try match(line, steps, literals, bounds, columnBase: columnBase, program: program)
          var builder = NginxRecordBuilder()
          for index in steps.indices where !steps[index].isLiteral {
            let value = UnsafeRawBufferPointer(
              rebasing: line[bounds[2 * index]..<bounds[2 * index + 1]])
            try builder.apply(steps[index].field, value, escape: program.escape)
          }
          return builder.finish()
        }
      }
    }
  }

  /// Finds every variable's bounds (`bounds[2i]..<bounds[2i+1]` for step i), or throws
  /// the first mismatch when no backtracking helps.
  private static func match(
    _ line: UnsafeRawBufferPointer, _ steps: UnsafeBufferPointer<NginxProgram.Step>,
    _ literals: UnsafeRawBufferPointer, _ bounds: UnsafeMutableBufferPointer<Int>,
    columnBase: Int, program: NginxProgram
  ) throws(NginxDecodeError) {
    var stepIndex = 0
    var position = 0
    var firstError: NginxDecodeError?
    var backtracks = 0
    while true {
      var failure: NginxDecodeError?
      forward: while stepIndex < steps.count {
        let step = steps[stepIndex]
        let literal = UnsafeRawBufferPointer(
          rebasing: literals[step.literalStart..<(step.literalStart + step.literalCount)])
        if step.isLiteral {
          guard ByteSearch.hasPrefix(literal, in: line, at: position) else {
            failure = .literalMismatch(
              expected: String(decoding: literal, as: UTF8.self),
              column: columnBase + position + 1)
            break forward
          }
          position += literal.count
        } else {
          let end: Int
          switch scanEnd(of: step, in: line, from: position, literal: literal) {
          case .success(let found): end = found
          case .failure(let reason):
            failure = error(
              reason, step: step, stepIndex: stepIndex, line: line,
              position: position, literal: literal, columnBase: columnBase, program: program)
            break forward
          }
          bounds[2 * stepIndex] = position
          bounds[2 * stepIndex + 1] = end
          position = end
        }
        stepIndex += 1
      }
      if failure == nil, position < line.count {
        failure = .trailingData(column: columnBase + position + 1)
      }
      guard let failure else { return }
      let reported = firstError ?? failure
      firstError = reported
      guard backtracks < backtrackBudget,
        let resume = backtrack(before: stepIndex, line, steps, literals, bounds)
      else { throw reported }
      backtracks += 1
      stepIndex = resume + 1
      position = bounds[2 * resume + 1]
    }
  }

  /// Why a variable could not be delimited.
  private enum ScanFailure: Error {
    case notANumber
    case unterminatedQuote
    case literalNotFound
  }

  /// Where the variable starting at `start` ends.
  private static func scanEnd(
    of step: NginxProgram.Step, in line: UnsafeRawBufferPointer, from start: Int,
    literal: UnsafeRawBufferPointer
  ) -> Result<Int, ScanFailure> {
    switch step.scan {
    case .rest:
      return .success(line.count)
    case .quoted:
      guard let quote = closingQuote(in: line, from: start) else {
        return .failure(.unterminatedQuote)
      }
      return .success(quote)
    case .number:
      var end = start
      if end < line.count, line[end] == UInt8(ascii: "-") {
        end += 1
      } else {
        // Only times have a fraction; a status or size is digits alone.
        let allowsPoint = step.field == .requestTime || step.field == .msec
        while end < line.count,
          line[end] &- UInt8(ascii: "0") < 10 || (allowsPoint && line[end] == UInt8(ascii: "."))
        {
          end += 1
        }
      }
      return end > start ? .success(end) : .failure(.notANumber)
    case .timeLocal:
      if start + 26 <= line.count, line[start + 20] == UInt8(ascii: " ") {
        return .success(start + 26)
      }
      return literal.isEmpty ? .success(line.count) : untilLiteral(literal, in: line, from: start)
    case .upstreamList:
      let stop = literal.first ?? UInt8(ascii: " ")
      return .success(upstreamListEnd(in: line, from: start, stopAt: stop))
    case .untilLiteral:
      return untilLiteral(literal, in: line, from: start)
    }
  }

  private static func untilLiteral(
    _ literal: UnsafeRawBufferPointer, in line: UnsafeRawBufferPointer, from start: Int
  ) -> Result<Int, ScanFailure> {
    guard let found = ByteSearch.firstIndex(of: literal, in: line, from: start) else {
      return .failure(.literalNotFound)
    }
    return .success(found)
  }

  /// The index of the `"` closing a quoted value: the first one not preceded by an odd run
  /// of backslashes (nginx never writes a raw `"` or `\` inside; some writers use `\"`).
  private static func closingQuote(in line: UnsafeRawBufferPointer, from start: Int) -> Int? {
    var from = start
    while let quote = ByteSearch.firstIndex(of: UInt8(ascii: "\""), in: line, from: from) {
      var backslashes = 0
      while quote - backslashes > start, line[quote - backslashes - 1] == UInt8(ascii: "\\") {
        backslashes += 1
      }
      if backslashes % 2 == 0 { return quote }
      from = quote + 1
    }
    return nil
  }

  /// The end of an upstream list such as `0.010, 0.020 : 0.005` or `10.0.0.1:80, 10.0.0.2:80`.
  ///
  /// A part is a run of bytes other than a space (and other than `stop`, the first byte of
  /// the literal after the variable, unless that is `,` or `:`, which parts contain).
  private static func upstreamListEnd(
    in line: UnsafeRawBufferPointer, from start: Int, stopAt stop: UInt8
  ) -> Int {
    let stopsAtLiteral = stop != UInt8(ascii: ",") && stop != UInt8(ascii: ":")
    var index = start
    while true {
      let partStart = index
      while index < line.count, line[index] != UInt8(ascii: " "),
        !(stopsAtLiteral && line[index] == stop)
      {
        index += 1
      }
      guard index > partStart, index < line.count, line[index] == UInt8(ascii: " ") else {
        return index
      }
      // `, ` and ` : ` continue the list when another part follows.
      if line[index - 1] == UInt8(ascii: ","), index + 1 < line.count,
        line[index + 1] != UInt8(ascii: " ")
      {
        index += 1
      } else if index + 3 < line.count, line[index + 1] == UInt8(ascii: ":"),
        line[index + 2] == UInt8(ascii: " "), line[index + 3] != UInt8(ascii: " ")
      {
        index += 3
      } else {
        return index
      }
    }
  }

  /// The latest variable before `failedStep` that can end at a later occurrence of its
  /// literal, moved there; nil when there is none.
  private static func backtrack(
    before failedStep: Int, _ line: UnsafeRawBufferPointer,
    _ steps: UnsafeBufferPointer<NginxProgram.Step>, _ literals: UnsafeRawBufferPointer,
    _ bounds: UnsafeMutableBufferPointer<Int>
  ) -> Int? {
    var candidate = min(failedStep, steps.count) - 1
    while candidate >= 0 {
      let step = steps[candidate]
      if !step.isLiteral, step.literalCount > 0,
        step.scan == .untilLiteral || step.scan == .timeLocal || step.scan == .upstreamList
      {
        let literal = UnsafeRawBufferPointer(
          rebasing: literals[step.literalStart..<(step.literalStart + step.literalCount)])
        if let later = ByteSearch.firstIndex(
          of: literal, in: line, from: bounds[2 * candidate + 1] + 1)
        {
          bounds[2 * candidate + 1] = later
          return candidate
        }
      }
      candidate -= 1
    }
    return nil
  }

  /// The error a failed scan reports.
  private static func error(
    _ failure: ScanFailure, step: NginxProgram.Step, stepIndex: Int,
    line: UnsafeRawBufferPointer, position: Int, literal: UnsafeRawBufferPointer,
    columnBase: Int, program: NginxProgram
  ) -> NginxDecodeError {
    switch failure {
    case .unterminatedQuote:
      return .unterminatedQuote(variable: program.names[stepIndex], column: columnBase + position)
    case .literalNotFound:
      return .literalMismatch(
        expected: String(decoding: literal, as: UTF8.self), column: columnBase + line.count + 1)
    case .notANumber:
      let valueEnd =
        literal.isEmpty
        ? ByteSearch.firstIndex(of: UInt8(ascii: " "), in: line, from: position) ?? line.count
        : ByteSearch.firstIndex(of: literal, in: line, from: position) ?? line.count
      let value = NginxDecodeError.excerpt(
        UnsafeRawBufferPointer(rebasing: line[position..<valueEnd]))
      switch step.field {
      case .status: return .badStatus(value: value)
      case .msec: return .badTime(variable: "msec", value: value)
      default: return .badNumber(variable: program.names[stepIndex], value: value)
      }
    }
  }
}
