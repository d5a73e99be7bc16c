import Canvas
import Foundation
import Geo

/// Draws SDF glyphs on a raster target as MapLibre's `symbol_sdf` program shades text: each device pixel
/// whose centre falls in a glyph's quad (its bitmap and the atlas's one-texel padding) samples the
/// distance field bilinearly and is covered by the smoothstep about the field's edge; a halo is the ring
/// between that edge and one further out.
struct SDFTextRasterizer {
    /// Page → device pixels of the target.
    let matrix: DeviceTransform
    /// The device pixels that may be written: min inclusive, max exclusive.
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// The texts of a layer in the batches MapLibre draws (each batch's halos, then its fills): symbol by
    /// symbol where a data-driven sort key orders them, else tile by tile, in the tiles' order on the page
    /// (rows from the top), each tile's symbols in their drawing order.
    static func batches(_ texts: [PlacedSDFText]) -> [[PlacedSDFText]] {
        if texts.contains(where: \.sortedByKey) { return texts.map { [$0] } }
        var order: [TileID] = []
        var byTile: [TileID: [PlacedSDFText]] = [:]
        for text in texts {
            if byTile[text.tile] == nil { order.append(text.tile) }
            byTile[text.tile, default: []].append(text)
        }
        order.sort { ($0.y, $0.x) < ($1.y, $1.x) }
        return order.map { byTile[$0]! }
    }

    /// Whether a text has a halo pass: MapLibre skips it for a zero width or a transparent colour.
    static func hasHalo(_ paint: SDFTextPaint) -> Bool { paint.haloWidth > 0 && paint.haloColor.alpha > 0 }

    /// Draws `text`'s glyphs (or their halos) into premultiplied ARGB32 `pixels`.
    func draw(_ text: PlacedSDFText, pass: IconRasterizer.Pass, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let paint = text.paint
        if pass == .halo && !Self.hasHalo(paint) { return }
        var shading = IconRasterizer.sdfShading(scale: paint.fontScale, pixelRatio: paint.pixelRatio,
                                                haloWidth: paint.haloWidth, haloBlur: paint.haloBlur, pass: pass)
        if paint.gammaScale != 1 {
            // Text lying on a pitched ground blurs its edge as MapLibre's shader does: by depth / (cos pitch ·
            // cameraToCenterDistance), the ground's foreshortening at the label.
            let edge = shading.inner - (pass == .halo ? shading.gamma : 0)
            shading.gamma *= paint.gammaScale
            if pass == .halo { shading.inner = edge + shading.gamma }
        }
        let color = pass == .halo ? paint.haloColor : paint.color
        guard color.alpha > 0 || text.glyphs.contains(where: { $0.color != nil }) else { return }
        let premultiplied = (color.red * color.alpha, color.green * color.alpha, color.blue * color.alpha, color.alpha)
        for glyph in text.glyphs {
            if pass == .fill, let own = glyph.color {
                guard own.alpha > 0 else { continue }
                draw(glyph, shading, (own.red * own.alpha, own.green * own.alpha, own.blue * own.alpha, own.alpha), into: pixels, stride: stride)
            } else {
                draw(glyph, shading, premultiplied, into: pixels, stride: stride)
            }
        }
    }

    private func draw(_ placed: PlacedSDFGlyph, _ shading: IconRasterizer.SDFShading, _ color: (Double, Double, Double, Double),
                      into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let glyph = placed.glyph
        let width = glyph.bitmapWidth, height = glyph.bitmapHeight
        guard width > 0, height > 0, placed.scale > 0, placed.scale.isFinite else { return }
        // Bitmap texel (u, v) → page → device, as one affine map, then inverted.
        let (c, s) = (cos(placed.angle), sin(placed.angle))
        let k = placed.scale
        let page = DeviceTransform(xx: c * k, yx: s * k, xy: -s * k, yy: c * k,
                                   x0: placed.anchor.x + c * placed.offset.x - s * placed.offset.y,
                                   y0: placed.anchor.y + s * placed.offset.x + c * placed.offset.y)
        if !matrix.isAffine {
            drawProjected(placed, page, shading, color, into: pixels, stride: stride)
            return
        }
        let m = matrix
        let forward = DeviceTransform(xx: m.xx * page.xx + m.xy * page.yx, yx: m.yx * page.xx + m.yy * page.yx,
                                      xy: m.xx * page.xy + m.xy * page.yy, yy: m.yx * page.xy + m.yy * page.yy,
                                      x0: m.xx * page.x0 + m.xy * page.y0 + m.x0, y0: m.yx * page.x0 + m.yy * page.y0 + m.y0)
        let determinant = forward.xx * forward.yy - forward.xy * forward.yx
        guard abs(determinant) > 1e-12, determinant.isFinite else { return }
        let ia = forward.yy / determinant, ib = -forward.xy / determinant, ic = -forward.yx / determinant, id = forward.xx / determinant

        guard let area = deviceArea(forward, width: width, height: height) else { return }
        glyph.bitmap.withUnsafeBufferPointer { field in
            for y in area.y0..<area.y1 {
                let py = Double(y) + 0.5
                for x in area.x0..<area.x1 {
                    let dx = Double(x) + 0.5 - forward.x0, dy = py - forward.y0
                    Self.shade(field, width, height, u: ia * dx + ib * dy, v: ic * dx + id * dy, shading, color,
                               into: pixels, at: y * stride + x * 4)
                }
            }
        }
    }

    /// The device pixels (within the clip) that the glyph's quad — the bitmap and one texel of padding all
    /// round — may cover under `forward`; nil when none.
    private func deviceArea(_ forward: DeviceTransform, width: Int, height: Int) -> (x0: Int, x1: Int, y0: Int, y1: Int)? {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for (u, v) in [(-1.0, -1.0), (Double(width) + 1, -1.0), (Double(width) + 1, Double(height) + 1), (-1.0, Double(height) + 1)] {
            let p = forward.apply(x: u, y: v)
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        guard minX.isFinite, maxX.isFinite, minY.isFinite, maxY.isFinite else { return nil }
        let x0 = max(clip.minX, Int(max(minX, -1e9).rounded(.down))), x1 = min(clip.maxX, Int(min(maxX, 1e9).rounded(.up)))
        let y0 = max(clip.minY, Int(max(minY, -1e9).rounded(.down))), y1 = min(clip.maxY, Int(min(maxY, 1e9).rounded(.up)))
        return x0 < x1 && y0 < y1 ? (x0, x1, y0, y1) : nil
    }

    /// Shades the device pixel at byte `offset` from texel position (u, v) of the distance field: bilinear,
    /// texel centres at half texels (the atlas is filtered linearly), nothing outside the padded quad.
    @inline(__always)
    private static func shade(_ field: UnsafeBufferPointer<UInt8>, _ width: Int, _ height: Int, u: Double, v: Double,
                              _ shading: IconRasterizer.SDFShading, _ color: (Double, Double, Double, Double),
                              into pixels: UnsafeMutableRawBufferPointer, at offset: Int) {
        guard u >= -1, v >= -1, u < Double(width) + 1, v < Double(height) + 1 else { return }
        func texel(_ i: Int, _ j: Int) -> Double {
            guard i >= 0, j >= 0, i < width, j < height else { return 0 }
            return Double(field[j * width + i]) / 255
        }
        let fu = u - 0.5, fv = v - 0.5
        let i = Int(fu.rounded(.down)), j = Int(fv.rounded(.down))
        let tu = fu - Double(i), tv = fv - Double(j)
        let distance = (texel(i, j) * (1 - tu) + texel(i + 1, j) * tu) * (1 - tv)
            + (texel(i, j + 1) * (1 - tu) + texel(i + 1, j + 1) * tu) * tv
        let alpha = IconRasterizer.coverage(shading, distance)
        guard alpha > 0 else { return }
        pixels.storeBytes(of: PremultipliedPixel.over((color.0 * alpha, color.1 * alpha, color.2 * alpha, color.3 * alpha),
                                                      pixels.load(fromByteOffset: offset, as: UInt32.self)),
                          toByteOffset: offset, as: UInt32.self)
    }

    /// A glyph lying on a pitched view's ground: texel → device is one homography (`matrix` after the
    /// glyph's place on the ground), inverted per pixel; glyphs reaching behind the eye are skipped.
    private func drawProjected(_ placed: PlacedSDFGlyph, _ page: DeviceTransform, _ shading: IconRasterizer.SDFShading,
                               _ color: (Double, Double, Double, Double), into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let glyph = placed.glyph
        let width = glyph.bitmapWidth, height = glyph.bitmapHeight
        let forward = matrix.concatenating(page)
        let corners = [(-1.0, -1.0), (Double(width) + 1, -1.0), (Double(width) + 1, Double(height) + 1), (-1.0, Double(height) + 1)]
        guard corners.allSatisfy({ forward.wx * $0.0 + forward.wy * $0.1 + forward.w0 > 0 }), let inverse = forward.inverted,
              let area = deviceArea(forward, width: width, height: height) else { return }
        glyph.bitmap.withUnsafeBufferPointer { field in
            for y in area.y0..<area.y1 {
                for x in area.x0..<area.x1 {
                    let (u, v) = inverse.apply(x: Double(x) + 0.5, y: Double(y) + 0.5)
                    Self.shade(field, width, height, u: u, v: v, shading, color, into: pixels, at: y * stride + x * 4)
                }
            }
        }
    }
}
