/// The assembler's oldest-first order of held spans and traces: a first-in first-out
/// queue over an array that appends at the end, pops from a moving head,
/// and drops the popped prefix once it is half the storage.
struct ArrivalQueue<Element: Sendable>: Sendable {
  private var storage: [Element] = []
  private var head = 0

  /// How many elements are queued.
  var count: Int { storage.count - head }

  mutating func append(_ element: Element) {
    storage.append(element)
  }

  mutating func popFirst() -> Element? {
    guard head < storage.count else { return nil }
    let element = storage[head]
    head += 1
    if head >= 1024, head * 2 >= storage.count { compact() }
    return element
  }

  /// Frees the popped prefix.
  mutating func compact() {
    guard head > 0 else { return }
    storage.removeFirst(head)
    head = 0
  }

  /// Removes the elements matching `predicate`, keeping the order of the rest.
  mutating func removeAll(where predicate: (Element) -> Bool) {
    compact()
    storage.removeAll(where: predicate)
  }
}
