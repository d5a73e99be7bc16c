public import PosterRenderer

/// A style's sprite being read on another core (``MapInputLoader/readSprite(of:pixelRatio:)``), so that a
/// render's serial start does not wait for it: it is read, decoded and cut while the poster is laid out and
/// its tiles are read.
public struct SpriteRead: Sendable {
    private let work: BackgroundWork<(SpriteSheet?, [String])>

    init(_ work: BackgroundWork<(SpriteSheet?, [String])>) { self.work = work }

    /// The sprite, once read: nil where the style has none or it cannot be used (then ``warnings`` say why).
    public var sheet: SpriteSheet? { work.value().0 }
    /// What was left out of the sprite, and why.
    public var warnings: [String] { work.value().1 }
}
