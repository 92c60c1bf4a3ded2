/// A first-in, first-out queue over one array: appends at the back, removes at the front,
/// both amortised `O(1)`.
struct FIFOBuffer<Element: Sendable>: Sendable {
  private var storage: [Element] = []
  private var head = 0

  /// Elements in the queue.
  var count: Int { storage.count - head }

  /// The oldest element.
  var first: Element? { head < storage.count ? storage[head] : nil }

  /// Adds an element at the back.
  mutating func append(_ element: Element) {
    storage.append(element)
  }

  /// Removes and returns the oldest element.
  mutating func popFirst() -> Element? {
    guard head < storage.count else { return nil }
    let element = storage[head]
    head += 1
    // Drop the consumed prefix once it is most of the array, so memory follows the count.
    if head >= 1024, head * 2 >= storage.count {
      storage.removeFirst(head)
      head = 0
    }
    return element
  }

  /// Keeps only the elements that satisfy `isIncluded`, in order.
  mutating func retain(where isIncluded: (Element) -> Bool) {
    storage = storage[head...].filter(isIncluded)
    head = 0
  }
}
