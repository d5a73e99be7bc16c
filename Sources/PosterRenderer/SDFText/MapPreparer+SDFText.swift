import Canvas
import Foundation
import StyleKit

extension MapPreparer {
    /// Labels longer than this many characters are cut: MapLibre's line breaking looks at every earlier
    /// break for each one, and a style's data should not make a render hang.
    static let longestSDFText = 2_000

    /// One feature's point text set with the style's SDF glyphs as MapLibre sets it (`symbol_layout.ts`):
    /// shaped at 24 px with `text-max-width`, `text-line-height` and `text-letter-spacing` in ems, aligned by
    /// `text-anchor` and `text-justify` (`auto` from the anchor), moved by `text-offset` (or
    /// `text-radial-offset`); nil when the layer has no text for it or none of its glyphs exist.
    /// Along a line (`alongLine`) the text is one line, centred, with no variable anchors.
    func sdfText(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, _ context: TileFeatureContext, glyphs: GlyphSet,
                 alongLine: Bool = false) -> SDFTextLabel? {
        let zoom = camera.zoom, ratio = camera.pixelRatio
        func paint<T>(_ p: StyleProperty<T>) -> T { p.evaluate(zoom: zoom, feature: context) }
        // Layout properties are evaluated once per tile, at the tile's zoom (MapLibre's bucket zoom).
        let tileZoom = zoom.rounded(.down)
        func eval<T>(_ p: StyleProperty<T>) -> T { p.evaluate(zoom: tileZoom, feature: context) }
        guard let formatted = labelFormatted(symbol, context, zoom: tileZoom) else { return nil }
        guard formatted.sections.contains(where: { $0.image != nil }) || !formatted.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return nil
        }

        // A size an expression cannot give (NaN, as `sqrt` of a negative number) is the spec's default, as
        // MapLibre falls back on an evaluation error.
        func sized(_ value: Double) -> Double { value.isNaN ? 16 : value }
        let size = sized(paint(symbol.textSize))
        // The collision box is measured at the size of the tile's zoom + 1 (MapLibre's layout size).
        let layoutSize = sized(symbol.textSize.evaluate(zoom: zoom.rounded(.down) + 1, feature: context))
        guard size > 0, size.isFinite, layoutSize.isFinite, size * ratio < 10_000 else { return nil }
        let oneEm = MapLibreShaper.oneEm
        let anchor = eval(symbol.textAnchor)
        var justify = alongLine ? "center" : eval(symbol.textJustify)
        if justify == "auto" { justify = MapLibreShaper.justification(auto: anchor) }
        let radial = eval(symbol.textRadialOffset)
        var offset = radial != 0 ? Self.radialOffset(anchor, radial * oneEm) : {
            let values = eval(symbol.textOffset).values
            return ((values.first ?? 0) * oneEm, (values.count > 1 ? values[1] : 0) * oneEm)
        }()
        guard offset.0.isFinite, offset.1.isFinite else { return nil }
        let fontStack = eval(symbol.textFont).values.joined(separator: ",")
        let text = taggedText(formatted, fontStack: fontStack)
        let shaper = MapLibreShaper { glyphs.glyph($0, fontStack: $1) }
        var layout = MapLibreShaper.Layout(maxWidth: max(eval(symbol.textMaxWidth), 0) * oneEm, lineHeight: eval(symbol.textLineHeight) * oneEm,
                                           spacing: ArabicShaping.allowsLetterSpacing(text.codePoints) ? eval(symbol.textLetterSpacing) * oneEm : 0,
                                           anchor: anchor, justify: justify,
                                           offset: offset, breaksLines: !alongLine, layoutTextSize: layoutSize,
                                           textSizeThisZoom: sized(symbol.textSize.evaluate(zoom: tileZoom, feature: context)))
        // Variable anchors: the text is shaped centred, once per justification its anchors need (one line
        // reads the same whichever way it is justified), and moved to an anchor at placement.
        var variableAnchors: [VariableTextAnchor] = []
        let textOffset = eval(symbol.textOffset).values
        if !alongLine, let anchors = VariableTextAnchor.anchors(layout: layer.rawLayout, radialOffset: radial,
                                                    textOffset: (textOffset.first ?? 0, textOffset.count > 1 ? textOffset[1] : 0)) {
            layout.anchor = "center"
            layout.offset = (0, 0)
            let autoJustify = eval(symbol.textJustify) == "auto"
            var shapings: [String: MapLibreShaping] = [:]
            var first: MapLibreShaping?
            for (anchor, offset) in anchors {
                let justification = autoJustify ? MapLibreShaper.justification(auto: anchor) : eval(symbol.textJustify)
                if shapings[justification] == nil {
                    if let first, first.lineCount == 1 {
                        shapings[justification] = first
                    } else {
                        layout.justify = justification
                        shapings[justification] = shaper.shape(text, layout)
                        if first == nil { first = shapings[justification] }
                    }
                }
                guard let shaping = shapings[justification] else { continue }
                variableAnchors.append(VariableTextAnchor(anchor: anchor, offset: offset, shaping: shaping))
            }
            guard !variableAnchors.isEmpty else { return nil }
        }
        if !variableAnchors.isEmpty { offset = (0, 0) }
        guard let shaping = variableAnchors.first?.shaping ?? shaper.shape(text, layout) else { return nil }
        // Vertical point labels (`text-writing-mode`): text with upright characters is also shaped
        // vertically, left-justified, and placement tries the modes in the layer's order.
        var writingModes: [Bool] = []
        var verticalShaping: MapLibreShaping?
        if alongLine {
            // Along lines, text with upright characters is also shaped vertically for the stretches where
            // the line runs more up than across (only when kept upright).
            if eval(symbol.textKeepUpright), VerticalOrientation.allowsVerticalWritingMode(text.codePoints) {
                var vertical = layout
                vertical.vertical = true
                verticalShaping = shaper.shape(text, vertical)
            }
        } else if case .array(let modes)? = layer.rawLayout["text-writing-mode"] {
            for mode in modes {
                if case .string(let name) = mode, name == "vertical" || name == "horizontal" { writingModes.append(name == "vertical") }
            }
            if writingModes.contains(true), VerticalOrientation.allowsVerticalWritingMode(text.codePoints) {
                var vertical = layout
                vertical.justify = "left"
                vertical.vertical = true
                vertical.allowVerticalPlacement = true
                verticalShaping = shaper.shape(text, vertical)
            }
        }
        let opacity = min(max(paint(symbol.textOpacity), 0), 1)
        let rotate = eval(symbol.textRotate)
        let shading = SDFTextPaint(color: PaintResolver.color(paint(symbol.textColor), opacity: opacity),
                                 haloColor: PaintResolver.color(paint(symbol.textHaloColor), opacity: opacity),
                                 haloWidth: max(paint(symbol.textHaloWidth), 0), haloBlur: max(paint(symbol.textHaloBlur), 0),
                                 fontScale: size / oneEm, pixelRatio: ratio)
        var inlineImages: [String: SpriteSheet.Image] = [:]
        for section in text.sections { if let shown = section.image { inlineImages[shown.name] = sprites?.images[shown.name] } }
        var sectionColors: [Int: RGBAColor] = [:]
        for (i, section) in formatted.sections.enumerated() {
            if let color = section.color { sectionColors[i] = PaintResolver.color(color, opacity: opacity) }
        }
        let overlap = OverlapMode(overlap: symbol.textOverlap.map(eval), allowOverlap: eval(symbol.textAllowOverlap))
        let alignment = Self.textAlignment(layer, alongLine: alongLine)
        var label = SDFTextLabel(string: text.string, shaping: shaping, drawScale: size * ratio / oneEm, layoutScale: max(layoutSize, 0) * ratio / oneEm,
                            offset: offset, rotate: rotate.isFinite ? rotate * .pi / 180 : 0,
                            padding: max(eval(symbol.textPadding), 0) * ratio, overlap: overlap,
                            ignorePlacement: eval(symbol.textIgnorePlacement), optional: eval(symbol.textOptional),
                            translate: printedOffset(paint(symbol.textTranslate).values, anchor: paint(symbol.textTranslateAnchor)),
                            paint: shading, viewportPadding: 100 * ratio, variableAnchors: variableAnchors, sectionColors: sectionColors,
                            images: inlineImages, imageOpacity: opacity, imagesLinear: Self.filtersInlineImages(layer, symbol, alongLine: alongLine, pitch: camera.pitch), verticalShaping: verticalShaping, writingModes: writingModes)
        // Point text aligned to the map turns with it (along a line, the line's direction already does).
        if alignment.rotateWithMap && !alongLine { label.mapAngle = -bearing * .pi / 180 }
        label.rotateWithMap = alignment.rotateWithMap
        label.pitchWithMap = alignment.pitchWithMap
        return label
    }

    /// `text-rotation-alignment` and `text-pitch-alignment` resolved as MapLibre resolves `auto`: rotation
    /// follows the map along lines and the viewport at points; pitch follows the rotation.
    static func textAlignment(_ layer: StyleLayer, alongLine: Bool) -> (rotateWithMap: Bool, pitchWithMap: Bool) {
        func value(_ key: String) -> String {
            if case .string(let s)? = layer.rawLayout[key] { return s }
            return "auto"
        }
        let rotation = value("text-rotation-alignment"), pitch = value("text-pitch-alignment")
        let rotateWithMap = rotation == "map" || (rotation == "auto" && alongLine)
        return (rotateWithMap, pitch == "map" || (pitch == "auto" && rotateWithMap))
    }

    /// Whether MapLibre filters a layer's inline images (linearly) rather than sampling the nearest texel:
    /// when its text size follows the zoom or its labels are transformed (pitched with the map, or a
    /// pitched view).
    static func filtersInlineImages(_ layer: StyleLayer, _ symbol: SymbolLayerPaint, alongLine: Bool, pitch: Double) -> Bool {
        func value(_ key: String) -> String { if case .string(let v)? = layer.rawLayout[key] { v } else { "auto" } }
        var rotation = value("text-rotation-alignment")
        if rotation == "auto" { rotation = alongLine ? "map" : "viewport" }
        var pitchAlignment = value("text-pitch-alignment")
        if pitchAlignment == "auto" { pitchAlignment = rotation }
        return !symbol.textSize.isZoomConstant || pitchAlignment == "map" || pitch != 0
    }

    /// A `format` value as MapLibre's `TaggedString`: each section's text in its fonts (the layer's unless
    /// it names its own) at its scale, an image section as one private-use code point sized from the
    /// sprite; the text is cut to ``longestSDFText`` code points.
    func taggedText(_ formatted: FormattedText, fontStack: String) -> TaggedText {
        var codePoints: [UInt32] = [], sectionIndex: [Int] = [], sections: [ShapingSection] = []
        var nextImage: UInt32 = 0xE000
        for section in formatted.sections {
            let index = sections.count
            if let name = section.image {
                // MapLibre leaves out an image section without a name.
                guard !name.isEmpty else { sections.append(ShapingSection(scale: 1, fontStack: fontStack)); continue }
                let image = sprites?.images[name].map { TextImage(name: name, width: Double($0.surface.width) / $0.pixelRatio,
                                                                  height: Double($0.surface.height) / $0.pixelRatio) }
                sections.append(ShapingSection(scale: 1, fontStack: fontStack, image: image, imageMissing: image == nil))
                codePoints.append(nextImage)
                sectionIndex.append(index)
                nextImage += 1
            } else {
                sections.append(ShapingSection(scale: section.scale.flatMap { $0 != 0 ? $0 : nil } ?? 1, fontStack: section.fontStack ?? fontStack))
                // Arabic letters in their joined forms, section by section (as MapLibre's RTL plugin shapes them).
                for codePoint in ArabicShaping.shaped(section.text.unicodeScalars.map(\.value)) {
                    codePoints.append(codePoint)
                    sectionIndex.append(index)
                }
            }
        }
        if codePoints.count > Self.longestSDFText {
            codePoints.removeLast(codePoints.count - Self.longestSDFText)
            sectionIndex.removeLast(sectionIndex.count - Self.longestSDFText)
        }
        return TaggedText(codePoints: codePoints, sectionIndex: sectionIndex, sections: sections)
    }

    /// `text-radial-offset` (24 px units) as MapLibre turns it into an offset from the anchor: away from
    /// the anchored side, diagonally for corners, less the 7 units its glyphs sit below their box's top.
    static func radialOffset(_ anchor: String, _ radial: Double) -> (Double, Double) {
        let radial = max(radial, 0), hypotenuse = radial / 2.0.squareRoot(), baseline = 7.0
        var x = 0.0, y = 0.0
        switch anchor {
        case "top-right", "top-left": y = hypotenuse - baseline
        case "bottom-right", "bottom-left": y = -hypotenuse + baseline
        case "bottom": y = -radial + baseline
        case "top": y = radial - baseline
        default: break
        }
        switch anchor {
        case "top-right", "bottom-right": x = -hypotenuse
        case "top-left", "bottom-left": x = hypotenuse
        case "left": x = radial
        case "right": x = -radial
        default: break
        }
        return (x, y)
    }
}
