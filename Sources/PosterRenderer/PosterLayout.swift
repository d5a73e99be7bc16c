import Canvas
import Geo

/// A line of shaped text placed on the poster.
public struct PlacedText: Sendable {
    public var text: ShapedText
    /// Left end of the baseline, in device pixels.
    public var x: Double
    public var baselineY: Double
    public var color: RGBAColor
}

/// Where the map and each line of text go on a poster of a given size.
public struct PosterLayout: Sendable {
    public let width: Int
    public let height: Int
    /// The map's frame in device pixels, on whole pixels.
    public let mapRect: PixelRect
    public let paperColor: RGBAColor
    public let textColor: RGBAColor
    public let texts: [PlacedText]
    /// Thin rules (dividers) as filled rectangles.
    public let rules: [PixelRect]

    /// Lays out the poster: the map fills the frame inside the margins, above a centred title block
    /// (letter-spaced upper-case title, a short rule, subtitle, coordinates) and the attribution.
    public init(spec: PosterSpec, theme: PosterTheme, fonts: FontCatalog, paperColor: RGBAColor) throws(CanvasError) {
        let w = Double(spec.width), h = Double(spec.height)
        let unit = min(w, h)
        let margin = (theme.margin * unit).rounded()
        let textColor = theme.textColor ?? Self.contrastingText(on: paperColor)
        var texts: [PlacedText] = []
        var rules: [PixelRect] = []

        let titleText = spec.showTitle ? spec.title.uppercased() : ""
        let subtitleText = spec.showSubtitle ? spec.subtitle : ""
        let detailText = spec.showCoordinates ? spec.center.formattedForPoster() : ""

        let titleShaper = try fonts.shaper(primary: theme.titleFont)
        let subtitleShaper = try fonts.shaper(primary: theme.subtitleFont)
        let detailShaper = try fonts.shaper(primary: theme.detailFont)

        // Shrink a long title until it fits the frame.
        var titleSize = theme.titleSize * unit
        var title = titleShaper.shape(titleText, size: titleSize, letterSpacing: theme.titleTracking * titleSize)
        let maxTextWidth = (w - 2 * margin) * 0.94
        if title.advance > maxTextWidth {
            titleSize *= maxTextWidth / title.advance
            title = titleShaper.shape(titleText, size: titleSize, letterSpacing: theme.titleTracking * titleSize)
        }
        let subtitleSize = theme.subtitleSize * unit
        var subtitle = subtitleShaper.shape(subtitleText, size: subtitleSize, letterSpacing: theme.subtitleTracking * subtitleSize)
        if subtitle.advance > maxTextWidth {
            let size = subtitleSize * maxTextWidth / subtitle.advance
            subtitle = subtitleShaper.shape(subtitleText, size: size, letterSpacing: theme.subtitleTracking * size)
        }
        let detailSize = theme.detailSize * unit
        let detail = detailShaper.shape(detailText, size: detailSize, letterSpacing: theme.detailTracking * detailSize)

        let titleCap = titleShaper.fonts[0].metrics(size: titleSize).capHeight
        let subtitleCap = subtitleShaper.fonts[0].metrics(size: subtitleSize).capHeight
        let detailCap = detailShaper.fonts[0].metrics(size: detailSize).capHeight

        // The block below the map, measured from the map's bottom edge to each baseline.
        var cursor = 0.0
        var titleBaseline: Double?, ruleTop: Double?, subtitleBaseline: Double?, detailBaseline: Double?
        if !titleText.isEmpty {
            cursor += 0.05 * unit + titleCap
            titleBaseline = cursor
        }
        if !titleText.isEmpty && (!subtitleText.isEmpty || !detailText.isEmpty) {
            cursor += 0.03 * unit
            ruleTop = cursor
        }
        if !subtitleText.isEmpty {
            cursor += (titleBaseline == nil ? 0.045 : 0.03) * unit + subtitleCap
            subtitleBaseline = cursor
        }
        if !detailText.isEmpty {
            cursor += (cursor == 0 ? 0.045 : 0.024) * unit + detailCap
            detailBaseline = cursor
        }
        let blockHeight = cursor == 0 ? 0 : cursor + 0.045 * unit
        let mapBottom = (h - max(margin, blockHeight + margin * 0.35)).rounded()
        mapRect = PixelRect(minX: margin, minY: margin, maxX: w - margin, maxY: max(margin + 1, mapBottom))

        func centred(_ text: ShapedText, _ baseline: Double?, _ color: RGBAColor) {
            guard let baseline, text.glyphCount > 0 else { return }
            texts.append(PlacedText(text: text, x: ((w - text.advance) / 2).rounded(), baselineY: (mapBottom + baseline).rounded(), color: color))
        }
        centred(title, titleBaseline, textColor)
        if let ruleTop {
            let ruleWidth = (0.06 * unit).rounded()
            let thickness = max(1, (0.0016 * unit).rounded())
            rules.append(PixelRect(x: ((w - ruleWidth) / 2).rounded(), y: (mapBottom + ruleTop).rounded(), width: ruleWidth, height: thickness))
        }
        centred(subtitle, subtitleBaseline, textColor)
        centred(detail, detailBaseline, textColor.withOpacity(0.75))

        // Attribution sits in the margin under the map's right edge.
        let attributionSize = max(7, theme.attributionSize * unit)
        let attribution = detailShaper.shape(spec.attribution, size: attributionSize, letterSpacing: 0.02 * attributionSize)
        if attribution.glyphCount > 0 {
            let capHeight = detailShaper.fonts[0].metrics(size: attributionSize).capHeight
            texts.append(PlacedText(text: attribution, x: (w - margin - attribution.advance).rounded(),
                                    baselineY: (mapRect.maxY + 0.012 * unit + capHeight).rounded(), color: textColor.withOpacity(0.6)))
        }

        width = spec.width
        height = spec.height
        self.paperColor = paperColor
        self.textColor = textColor
        self.texts = texts
        self.rules = rules
    }

    /// The camera that draws the map into ``mapRect``.
    public func mapCamera(for spec: PosterSpec) -> Camera {
        Camera(center: spec.center, zoom: spec.zoom, bearing: spec.bearing, width: Int(mapRect.width), height: Int(mapRect.height),
               pixelRatio: spec.pixelRatio)
    }

    /// Near-black on light paper, near-white on dark paper.
    static func contrastingText(on paper: RGBAColor) -> RGBAColor {
        let luminance = 0.2126 * paper.red + 0.7152 * paper.green + 0.0722 * paper.blue
        return luminance > 0.5 ? RGBAColor(hex: 0x1C1C1C) : RGBAColor(hex: 0xF2F0EB)
    }
}
