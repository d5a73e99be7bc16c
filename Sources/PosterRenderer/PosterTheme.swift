public import Canvas

/// The poster around the map: margins, type and colours. Sizes are fractions of the poster's shorter side,
/// so a poster looks the same at every print size.
public struct PosterTheme: Sendable, Hashable {
    /// Margin around the map, as a fraction of the shorter side.
    public var margin: Double
    /// Paper colour; nil takes the style's background colour.
    public var paperColor: RGBAColor?
    /// Text colour; nil picks near-black or near-white by the paper's lightness.
    public var textColor: RGBAColor?
    public var titleFont: String
    public var subtitleFont: String
    /// The style's title family and weight (carto-art titles each style in its own font at 800); a
    /// request's `title_font` and `title_weight` win. Nil sets the title in ``titleFont``.
    public var titleFamily: String?
    public var titleWeight: PosterDesign.TitleWeight?
    /// The style's subtitle family, set at its regular weight; nil uses ``subtitleFont``.
    public var subtitleFamily: String?
    public var detailFont: String
    /// Title cap size, as a fraction of the shorter side.
    public var titleSize: Double
    /// Extra space between title letters, as a fraction of the title size.
    public var titleTracking: Double
    public var subtitleSize: Double
    public var subtitleTracking: Double
    public var detailSize: Double
    public var detailTracking: Double
    public var attributionSize: Double

    public init(margin: Double = 0.06, paperColor: RGBAColor? = nil, textColor: RGBAColor? = nil,
                titleFont: String = "Inter-SemiBold", subtitleFont: String = "Inter-Light", detailFont: String = "Inter-Regular",
                titleSize: Double = 0.072, titleTracking: Double = 0.32, subtitleSize: Double = 0.026,
                subtitleTracking: Double = 0.12, detailSize: Double = 0.017, detailTracking: Double = 0.14,
                attributionSize: Double = 0.0105) {
        self.margin = margin
        self.paperColor = paperColor
        self.textColor = textColor
        self.titleFont = titleFont
        self.subtitleFont = subtitleFont
        self.detailFont = detailFont
        self.titleSize = titleSize
        self.titleTracking = titleTracking
        self.subtitleSize = subtitleSize
        self.subtitleTracking = subtitleTracking
        self.detailSize = detailSize
        self.detailTracking = detailTracking
        self.attributionSize = attributionSize
    }

    /// The minimal poster: wide margins, a letter-spaced title under the map.
    public static let minimal = PosterTheme()
}
