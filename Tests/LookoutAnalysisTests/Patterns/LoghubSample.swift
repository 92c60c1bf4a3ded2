import Foundation

/// One loghub 2k sample: the `Content` column of `<Name>_2k.log_structured.csv` (the message
/// without its header, the miner's input in the loghub benchmark) and its true `EventId`s.
struct LoghubSample {
  /// The dataset's name, e.g. `HDFS`.
  var name: String
  /// The message of each line.
  var contents: [String]
  /// The ground-truth event id of each line.
  var eventIDs: [String]

  /// The folder with the samples: `../shared/data/loghub` from the package root (the
  /// current directory of `swift test`), or a `shared/data/loghub` above this file.
  static let folder: URL? = {
    let manager = FileManager.default
    var candidates = [
      URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent(
        "../shared/data/loghub")
    ]
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while directory.path != "/" {
      candidates.append(directory.appendingPathComponent("shared/data/loghub"))
      directory = directory.deletingLastPathComponent()
    }
    return candidates.first { manager.fileExists(atPath: $0.path) }?.standardizedFileURL
  }()

  /// Loads the sample `name` from ``folder``.
  static func load(_ name: String) throws -> LoghubSample {
    guard let folder else { throw LoghubSampleError.missingFolder }
    let url = folder.appendingPathComponent("\(name)/\(name)_2k.log_structured.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    let rows = CSVRows.parse(text)
    guard let header = rows.first, let content = header.firstIndex(of: "Content"),
      let event = header.firstIndex(of: "EventId")
    else { throw LoghubSampleError.badHeader(name) }
    var sample = LoghubSample(name: name, contents: [], eventIDs: [])
    for row in rows.dropFirst() where row.count == header.count {
      sample.contents.append(row[content])
      sample.eventIDs.append(row[event])
    }
    return sample
  }

  /// Loghub's grouping accuracy: the share of lines whose predicted group holds exactly the
  /// lines of their true group.
  static func groupingAccuracy(predicted: [Int], truth: [String]) -> Double {
    precondition(predicted.count == truth.count)
    guard !truth.isEmpty else { return 1 }
    var predictedGroups: [Int: [Int]] = [:]
    var trueGroups: [String: [Int]] = [:]
    for index in truth.indices {
      predictedGroups[predicted[index], default: []].append(index)
      trueGroups[truth[index], default: []].append(index)
    }
    var correct = 0
    for (_, lines) in trueGroups {
      if let first = lines.first, predictedGroups[predicted[first]] == lines {
        correct += lines.count
      }
    }
    return Double(correct) / Double(truth.count)
  }
}

/// Why a loghub sample could not be read.
enum LoghubSampleError: Error {
  case missingFolder
  case badHeader(String)
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, commas and newlines in quotes.
enum CSVRows {
  static func parse(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var bytes = Array(text.utf8)
    if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            quoted = false
          }
        } else {
          field.append(byte)
        }
      } else if byte == UInt8(ascii: "\"") {
        quoted = true
      } else if byte == UInt8(ascii: ",") {
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
      } else if byte == UInt8(ascii: "\n") {
        if field.last == UInt8(ascii: "\r") { field.removeLast() }
        row.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        rows.append(row)
        row.removeAll(keepingCapacity: true)
      } else {
        field.append(byte)
      }
      index += 1
    }
    return rows
  }
}
