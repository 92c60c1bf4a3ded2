import LookoutCore

/// Decodes a buffer of access-log lines, keeping the good ones and reporting the bad.
///
/// A bad line never costs its neighbours: it is counted in the ``BadLineReport`` (with its
/// line number and reason for the first few) and decoding goes on. Blank lines are
/// skipped and counted apart.
///
/// ```swift
/// let batch = NginxBatchDecoder(format: .timed).decode(body)
/// try await writer.append(batch.records)
/// if !batch.report.isEmpty { log.warning("\(batch.report.badLines) bad lines") }
/// ```
public struct NginxBatchDecoder: Sendable {
  /// The decoder applied to each line.
  public let lineDecoder: NginxLineDecoder
  /// How many bad lines each report keeps as examples.
  public let maxExamples: Int

  /// Creates a batch decoder.
  ///
  /// - Parameters:
  ///   - format: the `log_format` of the lines.
  ///   - maxLineLength: longer lines are reported bad.
  ///   - maxExamples: how many bad lines a report shows.
  public init(
    format: NginxLogFormat = .combined,
    maxLineLength: Int = NginxLineDecoder.defaultMaxLineLength, maxExamples: Int = 10
  ) {
    self.lineDecoder = NginxLineDecoder(format: format, maxLineLength: maxLineLength)
    self.maxExamples = maxExamples
  }

  /// Decodes every line of a complete buffer (a pushed body, a whole file).
  ///
  /// - Parameters:
  ///   - bytes: the lines, `\n` or `\r\n` terminated; the last may lack its terminator.
  ///   - firstLineNumber: the number of the buffer's first line in its source.
  public func decode(_ bytes: [UInt8], firstLineNumber: Int = 1) -> NginxBatch {
    bytes.withUnsafeBytes { decode($0, firstLineNumber: firstLineNumber) }
  }

  /// Decodes every line of a complete buffer (a pushed body, a whole file).
  ///
  /// - Parameters:
  ///   - buffer: the lines, `\n` or `\r\n` terminated; the last may lack its terminator.
  ///   - firstLineNumber: the number of the buffer's first line in its source.
  public func decode(_ buffer: UnsafeRawBufferPointer, firstLineNumber: Int = 1) -> NginxBatch {
    var splitter = LineSplitter(maxLineLength: lineDecoder.maxLineLength)
    return decode(buffer, firstLineNumber: firstLineNumber, isFinal: true, splitter: &splitter)
  }

  /// Decodes the complete lines of a chunk of a stream (a tailed file).
  ///
  /// - Parameters:
  ///   - buffer: the bytes read so far, the previous call's remainder first.
  ///   - firstLineNumber: the number of the buffer's first line in its source.
  ///   - isFinal: whether the stream ends here (then a last unterminated line is decoded).
  ///   - splitter: the stream's splitter, kept between calls.
  /// - Returns: the batch; bytes past ``NginxBatch/consumedBytes`` are an unfinished line
  ///   to keep for the next call.
  public func decode(
    _ buffer: UnsafeRawBufferPointer, firstLineNumber: Int, isFinal: Bool,
    splitter: inout LineSplitter
  ) -> NginxBatch {
    var batch = NginxBatch(firstLineNumber: firstLineNumber, maxExamples: maxExamples)
    batch.records.reserveCapacity(buffer.count / 160)
    batch.consumedBytes = splitter.split(buffer, isFinal: isFinal) { line in
      decodeLine(line, into: &batch)
    }
    return batch
  }

  /// Decodes the next line of `batch` (its number is ``NginxBatch/nextLineNumber``): a
  /// record when it decodes, a blank line, or a bad line with its reason.
  ///
  /// - Parameter refusal: a reason to count the line as bad without decoding it (a line
  ///   a tailer had to cut at its length limit).
  public func decodeLine(
    _ line: UnsafeRawBufferPointer, into batch: inout NginxBatch, refusal: String? = nil
  ) {
    let lineNumber = batch.nextLineNumber
    batch.lineCount += 1
    if let refusal {
      batch.report.record(lineNumber: lineNumber, reason: refusal, line: line)
      return
    }
    do throws(NginxDecodeError) {
      batch.records.append(try lineDecoder.decode(line))
    } catch .emptyLine {
      batch.blankLines += 1
    } catch {
      batch.report.record(lineNumber: lineNumber, reason: error.description, line: line)
    }
  }
}
