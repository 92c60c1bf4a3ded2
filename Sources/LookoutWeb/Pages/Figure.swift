/// A labelled figure, as the headline numbers of a page show it.
public struct Figure: Sendable {
  public var label: String
  public var value: String
}
