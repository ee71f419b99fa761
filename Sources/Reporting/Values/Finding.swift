/// One sentence of a page's "What this means": a short headline and what it rests on,
/// written from the run's numbers.
public struct Finding: Sendable, Equatable {
  /// How the finding bears on the results.
  public enum Tone: String, Sendable, Equatable {
    /// Worth knowing, no cause for doubt.
    case note
    /// A reason to doubt or to change something.
    case caution
  }

  public var tone: Tone
  /// A few words, such as "Few samples to score".
  public var headline: String
  /// The numbers behind it and what to do.
  public var detail: String

  public init(tone: Tone, headline: String, detail: String) {
    self.tone = tone
    self.headline = headline
    self.detail = detail
  }
}
