/// Rows between stages: the columns, and which of them the query displays.
struct QueryTable: Sendable {
  /// The columns, including ones computed for later stages but not displayed.
  var batch: QueryBatch
  /// The columns to show, as chosen by the last `fields` or `display`; nil shows all.
  var display: [String]?
}

extension QueryBatch {
  /// The batches one after another; columns missing from a batch read as null there, and
  /// columns whose types differ between batches meet as numbers or strings.
  static func concatenate(_ batches: [QueryBatch]) -> QueryBatch {
    guard batches.count > 1 else { return batches.first ?? .empty }
    var names: [String] = []
    for batch in batches {
      for name in batch.names where !names.contains(name) { names.append(name) }
    }
    let total = batches.reduce(0) { $0 + $1.rowCount }
    let columns = names.map { name -> (String, QueryColumn) in
      let parts = batches.map { $0.column(name) ?? .nulls($0.rowCount) }
      return (name, QueryColumn.concatenate(parts, total: total))
    }
    return QueryBatch(rowCount: total, columns: columns)
  }
}

extension QueryColumn {
  /// The columns one after another, copied once.
  static func concatenate(_ parts: [QueryColumn], total: Int) -> QueryColumn {
    let hasMask = parts.contains { $0.present != nil }
    var mask: [Bool]?
    if hasMask {
      var m: [Bool] = []
      m.reserveCapacity(total)
      for part in parts { m += part.present ?? [Bool](repeating: true, count: part.count) }
      mask = m
    }
    // Columns that are all nulls take the type of the others.
    let typed = parts.filter { column in column.present.map { $0.contains(true) } ?? true }
    let kinds = Set(typed.map(\.kindName))
    switch kinds.count == 1 ? kinds.first : nil {
    case "int":
      var out: [Int64] = []
      out.reserveCapacity(total)
      for part in parts {
        if case .int(let a) = part.values {
          out += a
        } else {
          out += [Int64](repeating: 0, count: part.count)
        }
      }
      return QueryColumn(.int(out), present: mask)
    case "double":
      var out: [Double] = []
      out.reserveCapacity(total)
      for part in parts {
        if case .double(let a) = part.values {
          out += a
        } else {
          out += [Double](repeating: 0, count: part.count)
        }
      }
      return QueryColumn(.double(out), present: mask)
    case "bool":
      var out: [Bool] = []
      out.reserveCapacity(total)
      for part in parts {
        if case .bool(let a) = part.values {
          out += a
        } else {
          out += [Bool](repeating: false, count: part.count)
        }
      }
      return QueryColumn(.bool(out), present: mask)
    case "dictionary":
      // Merge the dictionaries and renumber the codes.
      var dictionary: [String] = []
      var ids: [String: Int32] = [:]
      var codes: [Int32] = []
      codes.reserveCapacity(total)
      for part in parts {
        guard case .dictionary(let partCodes, let partDictionary) = part.values else {
          codes += [Int32](repeating: 0, count: part.count)
          continue
        }
        let remap = partDictionary.map { word -> Int32 in
          if let id = ids[word] { return id }
          let id = Int32(dictionary.count)
          ids[word] = id
          dictionary.append(word)
          return id
        }
        codes += partCodes.map { remap.indices.contains(Int($0)) ? remap[Int($0)] : 0 }
      }
      if dictionary.isEmpty { dictionary = [""] }
      return QueryColumn(.dictionary(codes: codes, dictionary: dictionary), present: mask)
    default:
      if !kinds.isEmpty, kinds.isSubset(of: ["int", "double"]) {
        var out: [Double] = []
        out.reserveCapacity(total)
        for part in parts { out += part.numbers().values }
        return QueryColumn(.double(out), present: mask)
      }
      var out: [String] = []
      out.reserveCapacity(total)
      for part in parts { out += part.stringValues() }
      return QueryColumn(.string(out), present: mask)
    }
  }

  /// The storage kind, for choosing how to concatenate.
  var kindName: String {
    switch values {
    case .int: "int"
    case .double: "double"
    case .string: "string"
    case .bool: "bool"
    case .dictionary: "dictionary"
    }
  }
}
