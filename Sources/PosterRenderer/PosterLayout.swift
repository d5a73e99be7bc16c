import Foundation
public import Canvas
public import Geo

/// A line of shaped text placed on the poster.
public struct PlacedText: Sendable {
    public var text: ShapedText
    /// Left end of the baseline, in device pixels.
    public var x: Double
    public var baselineY: Double
    public var color: RGBAColor
}

/// A stroke drawn around the map's frame: a rectangle or, for a circular mask, a circle.
public struct FrameStroke: Sendable {
    public var rect: PixelRect
    public var circle: Bool
    public var width: Double
}

/// A marker placed on the poster: its point (device pixels), size, colour and label.
public struct PlacedMarker: Sendable {
    public var shape: PosterDesign.Marker.Shape
    public var x: Double
    public var y: Double
    public var size: Double
    public var color: RGBAColor
    public var label: PlacedText?
}

/// A route placed on the poster: simplified lines in device pixels, its paint, and what marks it.
public struct PlacedRoute: Sendable {
    /// x, y interleaved, per line.
    public var lines: [[Double]]
    public var width: Double
    public var color: RGBAColor
    /// Casing width on each side of the line; 0 for none.
    public var casing: Double
    public var start: (x: Double, y: Double)?
    public var finish: (x: Double, y: Double)?
    public var labels: [PlacedText]
}

/// Where the map and each line of text go on a poster of a given size.
public struct PosterLayout: Sendable {
    public let width: Int
    public let height: Int
    /// The map's frame in device pixels, on whole pixels.
    public let mapRect: PixelRect
    /// The camera that draws the map into ``mapRect``: the spec's centre and zoom, or the view that fits the
    /// framing bounds.
    public let camera: Camera
    /// The margin around the frame, in device pixels.
    public let margin: Double
    public let paperColor: RGBAColor
    public let textColor: RGBAColor
    /// The title block's lines: title, subtitle, coordinates (those that are shown).
    public let blockTexts: [PlacedText]
    /// The data attribution under the map (or inside its corner).
    public private(set) var attribution: PlacedText?
    /// Every line of text, the attribution last.
    public var texts: [PlacedText] { blockTexts + (attribution.map { [$0] } ?? []) }
    /// Characters of the poster's own text (title, subtitle, coordinates, attribution, marker labels) that
    /// no font has, drawn as empty boxes.
    public var missingCharacters: Set<Unicode.Scalar> {
        Set(texts.flatMap(\.text.missing) + markers.flatMap { $0.label?.text.missing ?? [] })
    }
    /// Thin rules (dividers) as filled rectangles.
    public let rules: [PixelRect]
    /// The circle the map shows through (a circular mask), inscribed in ``mapRect``; nil for a rectangle.
    public let maskCircle: PixelRect?
    /// The veil of paper behind the text where it lies over the map, and its kind.
    public let backdrop: (rect: PixelRect, kind: PosterDesign.Backdrop, position: PosterDesign.TextPosition)?
    public let strokes: [FrameStroke]
    public let markers: [PlacedMarker]
    public let routes: [PlacedRoute]

    /// Lays out the poster: the map fills the frame inside the margins, and a centred title block
    /// (letter-spaced title, a short rule, subtitle, coordinates) goes below, above or over it as the
    /// spec's design says, with the attribution under the map's right edge.
    ///
    /// - Parameters:
    ///   - framing: when set, the map shows these bounds: they replace the spec's centre and zoom, and the
    ///     coordinates line names the new centre.
    ///   - paperColor: the paper's colour at the map's final zoom.
    public init(spec: PosterSpec, theme: PosterTheme, fonts: FontCatalog, framing: GeoBounds? = nil,
                paperColor: (_ zoom: Double) -> RGBAColor) throws(CanvasError) {
        let design = spec.design
        let w = Double(spec.width), h = Double(spec.height)
        let unit = min(w, h)
        let margin = ((design.margin ?? theme.margin) * unit).rounded()
        var texts: [PlacedText] = []
        var rules: [PixelRect] = []

        let titleText = spec.showTitle ? (design.titleAllCaps ? spec.title.titleUppercased() : spec.title) : ""
        let subtitleText = spec.showSubtitle ? spec.subtitle : ""
        // The coordinates line's height is known before its text, which names the camera's centre.
        let showsDetail = spec.showCoordinates

        let resolver = FontStackResolver(catalog: fonts)
        let titleShaper: TextShaper
        // A request's family or weight wins over the style's; a family named alone keeps the style's weight.
        let requestFamily = design.titleFamily, requestWeight = design.titleWeight
        if requestFamily != nil || requestWeight != nil || theme.titleFamily != nil {
            let family = requestFamily ?? theme.titleFamily ?? "Inter"
            let weight = (requestWeight ?? theme.titleWeight ?? .medium).name
            titleShaper = resolver.shaper(for: ["\(family) \(weight)"])
        } else {
            titleShaper = try fonts.shaper(primary: theme.titleFont)
        }
        // The subtitle follows the title's family when the request names one, else the style's.
        let subtitleFamily = requestFamily ?? theme.subtitleFamily
        let subtitleShaper: TextShaper
        if let subtitleFamily {
            subtitleShaper = resolver.shaper(for: ["\(subtitleFamily) Regular"])
        } else {
            subtitleShaper = try fonts.shaper(primary: theme.subtitleFont)
        }
        let detailShaper = try fonts.shaper(primary: theme.detailFont)
        let tracking = design.titleLetterSpacing ?? theme.titleTracking

        // Shrink a long title until it fits the frame.
        var titleSize = theme.titleSize * max(design.titleScale, 0.1) * unit
        var title = titleShaper.shape(titleText, size: titleSize, letterSpacing: tracking * titleSize)
        let maxTextWidth = max(w - 2 * margin, 1) * 0.94
        if title.advance > maxTextWidth {
            titleSize *= maxTextWidth / title.advance
            title = titleShaper.shape(titleText, size: titleSize, letterSpacing: tracking * titleSize)
        }
        let subtitleSize = theme.subtitleSize * unit
        var subtitle = subtitleShaper.shape(subtitleText, size: subtitleSize, letterSpacing: theme.subtitleTracking * subtitleSize)
        if subtitle.advance > maxTextWidth {
            let size = subtitleSize * maxTextWidth / subtitle.advance
            subtitle = subtitleShaper.shape(subtitleText, size: size, letterSpacing: theme.subtitleTracking * size)
        }
        let detailSize = theme.detailSize * unit

        let titleCap = titleShaper.fonts[0].metrics(size: titleSize).capHeight
        let subtitleCap = subtitleShaper.fonts[0].metrics(size: subtitleSize).capHeight
        let detailCap = detailShaper.fonts[0].metrics(size: detailSize).capHeight

        // The block, measured from its top edge to each baseline.
        var cursor = 0.0
        var titleBaseline: Double?, ruleTop: Double?, subtitleBaseline: Double?, detailBaseline: Double?
        if !titleText.isEmpty {
            cursor += 0.05 * unit + titleCap
            titleBaseline = cursor
        }
        if !titleText.isEmpty && (!subtitleText.isEmpty || showsDetail) {
            cursor += 0.03 * unit
            ruleTop = cursor
        }
        if !subtitleText.isEmpty {
            cursor += (titleBaseline == nil ? 0.045 : 0.03) * unit + subtitleCap
            subtitleBaseline = cursor
        }
        if showsDetail {
            cursor += (cursor == 0 ? 0.045 : 0.024) * unit + detailCap
            detailBaseline = cursor
        }
        let blockHeight = cursor == 0 ? 0 : cursor + 0.045 * unit

        // Text over the map (a backdrop, or the centre) leaves the map the whole frame; otherwise the
        // block has a band of paper of its own above or below the map.
        let frame = PixelRect(minX: margin, minY: margin, maxX: w - margin, maxY: h - margin)
        let overlaid = blockHeight > 0 && (design.backdrop != .none || design.textPosition == .center)
        var blockTop: Double
        var backdrop: (rect: PixelRect, kind: PosterDesign.Backdrop, position: PosterDesign.TextPosition)?
        if overlaid {
            mapRect = PixelRect(minX: frame.minX, minY: frame.minY, maxX: frame.maxX, maxY: max(frame.minY + 1, frame.maxY))
            switch design.textPosition {
            case .top: blockTop = frame.minY
            case .bottom: blockTop = frame.maxY - blockHeight
            case .center: blockTop = (frame.minY + frame.maxY - blockHeight) / 2
            }
            blockTop = blockTop.rounded()
            if design.backdrop != .none {
                // Against the frame's edge for a block at the top or bottom, so that no sliver of map is left.
                let veilTop = design.textPosition == .top ? frame.minY : blockTop
                let veilBottom = design.textPosition == .bottom ? frame.maxY : blockTop + blockHeight
                backdrop = (PixelRect(minX: frame.minX, minY: veilTop, maxX: frame.maxX, maxY: veilBottom), design.backdrop, design.textPosition)
            }
        } else if design.textPosition == .top && blockHeight > 0 {
            let mapTop = max(margin, blockHeight + margin * 0.35).rounded()
            mapRect = PixelRect(minX: margin, minY: min(mapTop, h - margin - 1), maxX: w - margin, maxY: h - margin)
            blockTop = mapTop - blockHeight
        } else {
            let mapBottom = (h - max(margin, blockHeight + margin * 0.35)).rounded()
            mapRect = PixelRect(minX: margin, minY: margin, maxX: w - margin, maxY: max(margin + 1, mapBottom))
            blockTop = mapBottom
        }

        // The map's view, and with it the coordinates line and the paper's colour at that zoom.
        let camera: Camera
        if let framing {
            let fitted = Camera.fitting(framing, width: Int(mapRect.width), height: Int(mapRect.height), pixelRatio: spec.pixelRatio)
            camera = Camera(center: fitted.center, zoom: fitted.zoom, bearing: spec.bearing, pitch: spec.pitch, width: Int(mapRect.width),
                            height: Int(mapRect.height), pixelRatio: spec.pixelRatio)
        } else {
            camera = Camera(center: spec.center, zoom: spec.zoom, bearing: spec.bearing, pitch: spec.pitch, width: Int(mapRect.width),
                            height: Int(mapRect.height), pixelRatio: spec.pixelRatio)
        }
        let detailText = showsDetail ? camera.center.formattedForPoster() : ""
        let detail = detailShaper.shape(detailText, size: detailSize, letterSpacing: theme.detailTracking * detailSize)
        let paperColor = paperColor(camera.zoom)
        let textColor = design.textColor ?? theme.textColor ?? Self.contrastingText(on: paperColor)

        func centred(_ text: ShapedText, _ baseline: Double?, _ color: RGBAColor) {
            guard let baseline, text.glyphCount > 0 else { return }
            texts.append(PlacedText(text: text, x: ((w - text.advance) / 2).rounded(), baselineY: (blockTop + baseline).rounded(), color: color))
        }
        centred(title, titleBaseline, textColor)
        if let ruleTop {
            let ruleWidth = (0.06 * unit).rounded()
            let thickness = max(1, (0.0016 * unit).rounded())
            rules.append(PixelRect(x: ((w - ruleWidth) / 2).rounded(), y: (blockTop + ruleTop).rounded(), width: ruleWidth, height: thickness))
        }
        centred(subtitle, subtitleBaseline, textColor)
        centred(detail, detailBaseline, textColor.withOpacity(0.75))

        // The map's shape and the strokes around it.
        let side = min(mapRect.width, mapRect.height)
        let circle = design.mask == .circle
            ? PixelRect(x: mapRect.minX + (mapRect.width - side) / 2, y: mapRect.minY + (mapRect.height - side) / 2, width: side, height: side) : nil
        let outline = circle ?? mapRect
        let thin = max(1, (0.0016 * unit).rounded())
        func grown(_ r: PixelRect, _ d: Double) -> PixelRect { PixelRect(minX: r.minX - d, minY: r.minY - d, maxX: r.maxX + d, maxY: r.maxY + d) }
        var strokes: [FrameStroke] = []
        switch design.border {
        case .none: break
        case .thin: strokes.append(FrameStroke(rect: outline, circle: circle != nil, width: thin))
        case .thick: strokes.append(FrameStroke(rect: outline, circle: circle != nil, width: max(2, (0.006 * unit).rounded())))
        case .double:
            strokes.append(FrameStroke(rect: outline, circle: circle != nil, width: thin))
            strokes.append(FrameStroke(rect: grown(outline, (0.008 * unit).rounded()), circle: circle != nil, width: thin))
        case .inset: strokes.append(FrameStroke(rect: grown(outline, -(0.015 * unit).rounded()), circle: circle != nil, width: thin))
        }

        // Markers on the map, labelled underneath.
        var markers: [PlacedMarker] = []
        for marker in design.markers {
            let p = camera.pixel(of: WebMercator.project(marker.position))
            let size = max(marker.size, 0.005) * unit
            var label: PlacedText?
            if !marker.label.isEmpty {
                let labelSize = max(8, 0.022 * unit)
                let text = subtitleShaper.shape(marker.label, size: labelSize, letterSpacing: 0.04 * labelSize)
                let cap = subtitleShaper.fonts[0].metrics(size: labelSize).capHeight
                let below = marker.shape == .pin ? 0.2 * size : 0.6 * size
                label = PlacedText(text: text, x: (mapRect.minX + p.x - text.advance / 2).rounded(),
                                   baselineY: (mapRect.minY + p.y + below + 0.6 * labelSize + cap).rounded(), color: textColor)
            }
            markers.append(PlacedMarker(shape: marker.shape, x: mapRect.minX + p.x, y: mapRect.minY + p.y, size: size,
                                        color: marker.color ?? textColor, label: label))
        }

        var routes: [PlacedRoute] = []
        for route in design.routes {
            routes.append(Self.place(route, camera: camera, origin: (mapRect.minX, mapRect.minY), unit: unit,
                                     shaper: subtitleShaper))
        }

        width = spec.width
        height = spec.height
        self.camera = camera
        self.margin = margin
        self.paperColor = paperColor
        self.textColor = textColor
        self.blockTexts = texts
        self.attribution = nil
        self.rules = rules
        self.maskCircle = circle
        self.backdrop = backdrop
        self.strokes = strokes
        self.markers = markers
        self.routes = routes
        attribution = Self.placeAttribution(spec.attribution, shaper: detailShaper, theme: theme, layout: self)
    }

    /// The layout with `text` as its attribution line; the rest stays where it is.
    public func attributed(_ text: String, theme: PosterTheme, fonts: FontCatalog) throws(CanvasError) -> PosterLayout {
        var layout = self
        layout.attribution = Self.placeAttribution(text, shaper: try fonts.shaper(primary: theme.detailFont), theme: theme, layout: self)
        return layout
    }

    /// Attribution under the map's right edge, or inside its corner when the margin has no room.
    private static func placeAttribution(_ text: String, shaper: TextShaper, theme: PosterTheme, layout: PosterLayout) -> PlacedText? {
        let w = Double(layout.width), h = Double(layout.height), unit = min(w, h), mapRect = layout.mapRect
        let size = max(7, theme.attributionSize * unit)
        let shaped = shaper.shape(text, size: size, letterSpacing: 0.02 * size)
        guard shaped.glyphCount > 0 else { return nil }
        let capHeight = shaper.fonts[0].metrics(size: size).capHeight
        let roomBelow = h - mapRect.maxY
        let inside = roomBelow < 0.012 * unit + 2 * capHeight
        let baseline = inside ? mapRect.maxY - 0.01 * unit : mapRect.maxY + 0.012 * unit + capHeight
        let right = inside ? mapRect.maxX - 0.01 * unit : w - layout.margin
        return PlacedText(text: shaped, x: (right - shaped.advance).rounded(), baselineY: baseline.rounded(), color: layout.textColor.withOpacity(0.6))
    }

    /// Projects a route onto the poster and simplifies it (Douglas–Peucker, a third of a pixel: finer detail
    /// cannot show), with its end points and, if asked, distance labels at whole steps along it.
    static func place(_ route: PosterDesign.Route, camera: Camera, origin: (x: Double, y: Double), unit: Double,
                      shaper: TextShaper) -> PlacedRoute {
        var lines: [[Double]] = []
        var labels: [PlacedText] = []
        let width = max(1, route.width * unit)
        let color = route.color ?? RGBAColor(hex: 0xE4572E)
        let total = route.lines.reduce(0) { $0 + Self.length($1) }
        let step = [1000.0, 2000, 5000, 10_000, 20_000, 50_000].first { total / $0 <= 12 } ?? 100_000
        var travelled = 0.0, nextLabel = step
        let labelSize = max(8, 0.016 * unit)
        for line in route.lines where !line.isEmpty {
            var xs: [Double] = [], ys: [Double] = []
            xs.reserveCapacity(line.count)
            ys.reserveCapacity(line.count)
            for point in line {
                let p = camera.pixel(of: WebMercator.project(point))
                xs.append(p.x + origin.x)
                ys.append(p.y + origin.y)
            }
            let kept = LineSimplifier.simplify(x: xs, y: ys, tolerance: 0.33)
            lines.append(kept.flatMap { [xs[$0], ys[$0]] })
            if route.distanceLabels {
                for i in 1..<line.count {
                    travelled += Self.distance(line[i - 1], line[i])
                    while travelled >= nextLabel {
                        let text = shaper.shape(Self.kilometres(nextLabel), size: labelSize, letterSpacing: 0.02 * labelSize)
                        labels.append(PlacedText(text: text, x: (xs[i] - text.advance / 2).rounded(), baselineY: (ys[i] - width - 0.4 * labelSize).rounded(),
                                                 color: color))
                        nextLabel += step
                    }
                }
            }
        }
        let first = lines.first { $0.count >= 2 }, last = lines.last { $0.count >= 2 }
        return PlacedRoute(lines: lines, width: width, color: color, casing: route.casing ? max(1, 0.45 * width) : 0,
                           start: route.endMarkers ? first.map { ($0[0], $0[1]) } : nil,
                           finish: route.endMarkers ? last.map { ($0[$0.count - 2], $0[$0.count - 1]) } : nil, labels: labels)
    }

    static func kilometres(_ metres: Double) -> String { "\(Int((metres / 1000).rounded())) km" }

    /// Metres between two points on the WGS 84 sphere (haversine).
    static func distance(_ a: LngLat, _ b: LngLat) -> Double {
        let r = 6_371_008.8, toRadians = Double.pi / 180
        let dLat = (b.lat - a.lat) * toRadians, dLng = (b.lng - a.lng) * toRadians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * toRadians) * cos(b.lat * toRadians) * sin(dLng / 2) * sin(dLng / 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }

    static func length(_ line: [LngLat]) -> Double {
        zip(line, line.dropFirst()).reduce(0) { $0 + distance($1.0, $1.1) }
    }

    /// Near-black on light paper, near-white on dark paper.
    static func contrastingText(on paper: RGBAColor) -> RGBAColor {
        let luminance = 0.2126 * paper.red + 0.7152 * paper.green + 0.0722 * paper.blue
        return luminance > 0.5 ? RGBAColor(hex: 0x1C1C1C) : RGBAColor(hex: 0xF2F0EB)
    }
}
