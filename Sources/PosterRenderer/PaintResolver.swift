import Foundation
import Canvas
import StyleKit

/// Turns a style layer's properties into device-pixel paint, once per layer when nothing depends on the
/// feature, or per feature otherwise.
struct PaintResolver {
    let zoom: Double
    let pixelRatio: Double

    static func color(_ c: StyleColor, opacity: Double) -> RGBAColor {
        RGBAColor(red: c.r, green: c.g, blue: c.b, alpha: min(max(c.a * opacity, 0), 1))
    }

    func isFeatureDependent(_ paint: FillLayerPaint) -> Bool {
        !(paint.color.isZoomOnly && paint.opacity.isZoomOnly && (paint.outlineColor?.isZoomOnly ?? true) && paint.antialias.isZoomOnly
            && paint.translate.isZoomOnly && (paint.sortKey?.isZoomOnly ?? true) && (paint.pattern?.isZoomOnly ?? true))
    }

    func isFeatureDependent(_ paint: LineLayerPaint) -> Bool {
        !(paint.color.isZoomOnly && paint.width.isZoomOnly && paint.opacity.isZoomOnly && paint.gapWidth.isZoomOnly
            && (paint.dashArray?.isZoomOnly ?? true) && paint.cap.isZoomOnly && paint.join.isZoomOnly && paint.translate.isZoomOnly
            && paint.offset.isZoomOnly && paint.blur.isZoomOnly && (paint.pattern?.isZoomOnly ?? true) && paint.roundLimit.isZoomOnly && (paint.sortKey?.isZoomOnly ?? true))
    }

    func fill(_ paint: FillLayerPaint, _ feature: (some FeatureContext)?) -> FillPaint {
        func eval<T>(_ p: StyleProperty<T>) -> T { feature.map { p.evaluate(zoom: zoom, feature: $0) } ?? p.evaluate(zoom: zoom) }
        let opacity = eval(paint.opacity)
        return FillPaint(color: Self.color(eval(paint.color), opacity: opacity),
                         outlineColor: paint.outlineColor.map { Self.color(eval($0), opacity: opacity) },
                         antialias: eval(paint.antialias),
                         translate: Translation(eval(paint.translate).values, anchor: eval(paint.translateAnchor), pixelRatio: pixelRatio),
                         sortKey: paint.sortKey.map(eval) ?? 0,
                         opaquePass: paint.pattern == nil && paint.color.isZoomOnly && paint.opacity.isZoomOnly
                            && paint.color.evaluate(zoom: zoom).a == 1 && paint.opacity.evaluate(zoom: zoom) == 1)
    }

    func line(_ paint: LineLayerPaint, _ feature: (some FeatureContext)?, layerID: String = "") -> LinePaint {
        func eval<T>(_ p: StyleProperty<T>) -> T { feature.map { p.evaluate(zoom: zoom, feature: $0) } ?? p.evaluate(zoom: zoom) }
        let width = max(eval(paint.width), 0)
        let gap = max(eval(paint.gapWidth), 0)
        // A gap width draws a casing on both sides of the gap; the layer above usually fills the gap,
        // so the casing is drawn as one line as wide as both sides and the gap together.
        let totalWidth = (gap > 0 ? gap + 2 * width : width) * pixelRatio
        let cap: LineCap = switch eval(paint.cap) { case "round": .round; case "square": .square; default: .butt }
        let join: LineJoin = switch eval(paint.join) { case "round": .round; case "bevel": .bevel; default: .miter }
        // Dash lengths are in line widths; MapLibre rounds very short dashes up, which butt caps need.
        let dashes = paint.dashArray.map { eval($0).values.map { max($0 * totalWidth, 0) } } ?? []
        let validDashes = dashes.count >= 2 && dashes.contains { $0 > 0 } ? dashes : []
        return LinePaint(color: Self.color(eval(paint.color), opacity: eval(paint.opacity)), width: totalWidth, cap: cap,
                         join: join, miterLimit: eval(paint.miterLimit), dashes: validDashes, gap: gap * pixelRatio,
                         translate: Translation(eval(paint.translate).values, anchor: eval(paint.translateAnchor), pixelRatio: pixelRatio),
                         offset: eval(paint.offset) * pixelRatio, sortKey: paint.sortKey.map(eval) ?? 0,
                         shader: shaderPaint(paint, feature, width: width, layerID: layerID))
    }

    /// MapLibre draws tiles of the integer zoom below the camera's, scaled up by the fraction between.
    private var tileZoom: Double { max(0, zoom.rounded(.down)) }
    /// Device pixels per CSS pixel of the tile zoom.
    private var tileScale: Double { pixelRatio * pow(2, zoom - tileZoom) }

    private func shaderPaint(_ paint: LineLayerPaint, _ feature: (some FeatureContext)?, width: Double, layerID: String) -> LineShaderPaint {
        func eval<T>(_ p: StyleProperty<T>) -> T { feature.map { p.evaluate(zoom: zoom, feature: $0) } ?? p.evaluate(zoom: zoom) }
        func evalAtTileZoom<T>(_ p: StyleProperty<T>) -> T {
            feature.map { p.evaluate(zoom: tileZoom, feature: $0) } ?? p.evaluate(zoom: tileZoom)
        }
        var shader = LineShaderPaint(width: width * pixelRatio, blur: max(eval(paint.blur), 0) * pixelRatio,
                                     roundLimit: eval(paint.roundLimit), sharpCornerOffset: 15 * tileScale)
        shader.opacity = min(max(eval(paint.opacity), 0), 1)
        shader.tilePixels = 512 * tileScale
        shader.gradient = paint.gradient.map { LineGradient(layerID: layerID, property: $0, zoom: zoom) }
        shader.floorWidth = max(evalAtTileZoom(paint.width), 0)
        shader.tileScale = tileScale
        shader.pixelRatio = pixelRatio
        // Dashes are laid out at the tile zoom with the width there (MapLibre's `floorwidth`), and the
        // pattern then scales with the geometry.
        if let dashArray = paint.dashArray {
            let dashes = evalAtTileZoom(dashArray).values.map { max($0, 0) }
            let floorWidth = max(evalAtTileZoom(paint.width), 0)
            let length = dashes.reduce(0, +)
            if dashes.count >= 2, length > 0, floorWidth > 0 {
                shader.dashes = dashes
                shader.dashUnit = floorWidth * tileScale
                // u_sdfgamma = atlas width / (min(from, to) period * 256 * pixel ratio) / 2, where the "from"
                // period is halved at an integer zoom and doubled between zooms (cross-fading).
                let crossFade = zoom == tileZoom ? 0.5 : 1
                shader.dashGamma = 1 / (2 * length * crossFade * pixelRatio) / floorWidth
            }
        }
        return shader
    }
}
