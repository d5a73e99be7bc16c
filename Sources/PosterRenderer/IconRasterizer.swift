import Canvas
import Foundation

/// Draws icons on a raster target as MapLibre's symbol programs shade them: each device pixel's centre is
/// mapped back into the sprite image and sampled (nearest where the image lands pixel for pixel, else
/// bilinear with transparent texels around the image, as its atlas pads it). A signed-distance-field image
/// is not drawn but thresholded: its alpha is a distance, cut at 0.75 with an edge one device pixel wide,
/// in `icon-color`; its halo is the same field cut further out (`symbol_sdf` fragment program).
struct IconRasterizer {
    /// Page → device pixels of the target.
    let matrix: DeviceTransform
    /// The device pixels that may be written: min inclusive, max exclusive.
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    enum Pass { case halo, fill }

    /// MapLibre's SDF constants: distance-field pixels per unit of distance, and the field value of the edge.
    private static let sdfPixels = 8.0
    private static let edge = 0.75

    /// Draws `icon` into premultiplied ARGB32 `pixels`; a halo pass draws only SDF icons' halos. A
    /// stretchable image fitted to its text is drawn piece by piece (``IconPieces``).
    func draw(_ icon: PlacedIcon, pass: Pass, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let style = icon.style
        let image = style.image
        guard image.surface.width > 0, image.surface.height > 0, icon.box.width > 0, icon.box.height > 0 else { return }
        if pass == .halo && (!image.sdf || style.haloWidth <= 0 || style.haloColor.alpha <= 0) { return }
        if style.opacity <= 0 { return }
        for piece in IconPieces.pieces(style, box: icon.box) {
            draw(piece, of: icon, pass: pass, into: pixels, stride: stride)
        }
    }

    /// Draws one piece of `icon`'s image: its source part of the image stretched over its destination.
    private func draw(_ piece: IconPiece, of icon: PlacedIcon, pass: Pass, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        let style = icon.style
        let image = style.image
        let width = image.surface.width, height = image.surface.height
        let sdf = image.sdf
        let box = piece.destination, source = piece.source
        guard box.width > 0, box.height > 0, source.width > 0, source.height > 0 else { return }

        // Texture → page → device as one affine map, then inverted.
        let (c, s) = (cos(icon.angle), sin(icon.angle))
        let kx = box.width / source.width, ky = box.height / source.height
        // local(u, v) = (box.minX + (u - source.minX)·kx, box.minY + (v - source.minY)·ky); page = anchor + R·local.
        let left = box.minX - source.minX * kx, top = box.minY - source.minY * ky
        let page = DeviceTransform(xx: c * kx, yx: s * kx, xy: -s * ky, yy: c * ky,
                                   x0: icon.anchor.x + c * left - s * top,
                                   y0: icon.anchor.y + s * left + c * top)
        // Through a pitched view's projection (an icon lying on the ground) the map is projective: texture
        // → device as one homography, inverted per pixel. The affine path below is unchanged.
        let projectiveInverse: DeviceTransform?
        if !matrix.isAffine {
            let whole = matrix.concatenating(page)
            let corners = [(source.minX, source.minY), (source.maxX, source.minY), (source.maxX, source.maxY), (source.minX, source.maxY)]
            guard corners.allSatisfy({ whole.wx * $0.0 + whole.wy * $0.1 + whole.w0 > 0 }), let inverse = whole.inverted else { return }
            projectiveInverse = inverse
        } else {
            projectiveInverse = nil
        }
        let m = matrix
        let forward = !matrix.isAffine ? matrix.concatenating(page) : DeviceTransform(xx: m.xx * page.xx + m.xy * page.yx, yx: m.yx * page.xx + m.yy * page.yx,
                                      xy: m.xx * page.xy + m.xy * page.yy, yy: m.yx * page.xy + m.yy * page.yy,
                                      x0: m.xx * page.x0 + m.xy * page.y0 + m.x0, y0: m.yx * page.x0 + m.yy * page.y0 + m.y0)
        let determinant = projectiveInverse == nil ? forward.xx * forward.yy - forward.xy * forward.yx : 1
        guard abs(determinant) > 1e-12, determinant.isFinite else { return }
        let ia = forward.yy / determinant, ib = -forward.xy / determinant, ic = -forward.yx / determinant, id = forward.xx / determinant

        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for (u, v) in [(source.minX, source.minY), (source.maxX, source.minY), (source.maxX, source.maxY), (source.minX, source.maxY)] {
            let p = forward.apply(x: u, y: v)
            minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        guard minX.isFinite, maxX.isFinite, minY.isFinite, maxY.isFinite else { return }
        let x0 = max(clip.minX, Int(minX.rounded(.down))), x1 = min(clip.maxX, Int(maxX.rounded(.up)))
        let y0 = max(clip.minY, Int(minY.rounded(.down))), y1 = min(clip.maxY, Int(maxY.rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }

        // MapLibre samples the nearest texel unless it filters this layer's icons (``IconStyle/linear``).
        let nearest = !sdf && !style.linear

        // SDF shading: the fill's cut-off and its half width (distance units); a halo is the ring between
        // its own cut-off further out and the fill's edge (hollow, so a translucent fill does not show it).
        let shading = Self.sdfShading(style, pass: pass)
        let color = pass == .halo ? style.haloColor : style.color
        let premultiplied = (color.red * color.alpha, color.green * color.alpha, color.blue * color.alpha, color.alpha)
        let opacity = min(max(style.opacity, 0), 1)

        image.surface.withPixels { texels in
            let textureStride = image.surface.stride
            func texel(_ i: Int, _ j: Int) -> UInt32 {
                guard i >= 0, j >= 0, i < width, j < height else { return 0 }
                return texels.load(fromByteOffset: j * textureStride + i * 4, as: UInt32.self)
            }
            for y in y0..<y1 {
                let py = Double(y) + 0.5
                for x in x0..<x1 {
                    let px = Double(x) + 0.5
                    let u: Double, v: Double
                    if let projectiveInverse {
                        (u, v) = projectiveInverse.apply(x: px, y: py)
                    } else {
                        let dx = px - forward.x0, dy = py - forward.y0
                        (u, v) = (ia * dx + ib * dy, ic * dx + id * dy)
                    }
                    guard u >= source.minX, v >= source.minY, u < source.maxX, v < source.maxY else { continue }
                    var sample: (Double, Double, Double, Double)
                    if nearest {
                        sample = PremultipliedPixel.unpack(texel(Int(u.rounded(.down)), Int(v.rounded(.down))))
                    } else {
                        let fu = u - 0.5, fv = v - 0.5
                        let i = Int(fu.rounded(.down)), j = Int(fv.rounded(.down))
                        let tu = fu - Double(i), tv = fv - Double(j)
                        let a = PremultipliedPixel.unpack(texel(i, j)), b = PremultipliedPixel.unpack(texel(i + 1, j))
                        let cc = PremultipliedPixel.unpack(texel(i, j + 1)), d = PremultipliedPixel.unpack(texel(i + 1, j + 1))
                        func mix(_ p: Double, _ q: Double, _ r: Double, _ t: Double) -> Double {
                            (p * (1 - tu) + q * tu) * (1 - tv) + (r * (1 - tu) + t * tu) * tv
                        }
                        sample = (mix(a.0, b.0, cc.0, d.0), mix(a.1, b.1, cc.1, d.1), mix(a.2, b.2, cc.2, d.2), mix(a.3, b.3, cc.3, d.3))
                    }
                    var src: (Double, Double, Double, Double)
                    if sdf {
                        let alpha = Self.coverage(shading, sample.3) * opacity
                        guard alpha > 0 else { continue }
                        src = (premultiplied.0 * alpha, premultiplied.1 * alpha, premultiplied.2 * alpha, premultiplied.3 * alpha)
                    } else {
                        src = (sample.0 * opacity, sample.1 * opacity, sample.2 * opacity, sample.3 * opacity)
                    }
                    guard src.3 > 0 else { continue }
                    let offset = y * stride + x * 4
                    pixels.storeBytes(of: PremultipliedPixel.over(src, pixels.load(fromByteOffset: offset, as: UInt32.self)),
                                      toByteOffset: offset, as: UInt32.self)
                }
            }
        }
    }

    /// Where an SDF pass cuts the field: the fill's edge, the halo's outer edge (nil for the fill), and the
    /// half width of the soft edge, as MapLibre's `symbol_sdf` program sets them.
    struct SDFShading {
        var inner: Double
        var outer: Double?
        var gamma: Double
    }

    static func sdfShading(_ style: IconStyle, pass: Pass) -> SDFShading {
        sdfShading(scale: style.size, pixelRatio: style.pixelRatio, haloWidth: style.haloWidth, haloBlur: style.haloBlur, pass: pass)
    }

    /// The same for any SDF image drawn `scale` times its size (an icon's `icon-size`, text's
    /// `text-size / 24`), halo width and blur in CSS pixels.
    static func sdfShading(scale: Double, pixelRatio: Double, haloWidth: Double, haloBlur: Double, pass: Pass) -> SDFShading {
        let scale = max(scale, 1e-6)
        let edgeGamma = 0.105 / max(pixelRatio, 1e-6)
        guard pass == .halo else { return SDFShading(inner: edge, outer: nil, gamma: edgeGamma / scale) }
        let gamma = (haloBlur * 1.19 / sdfPixels + edgeGamma) / scale
        return SDFShading(inner: edge + gamma, outer: (6 - haloWidth / scale) / sdfPixels, gamma: gamma)
    }

    /// The share of a pixel an SDF pass covers at field value `distance`.
    static func coverage(_ shading: SDFShading, _ distance: Double) -> Double {
        let inside = smoothstep(shading.inner - shading.gamma, shading.inner + shading.gamma, distance)
        guard let outer = shading.outer else { return inside }
        return min(smoothstep(outer - shading.gamma, outer + shading.gamma, distance), 1 - inside)
    }

    /// GLSL's smoothstep.
    static func smoothstep(_ edge0: Double, _ edge1: Double, _ x: Double) -> Double {
        let t = min(max((x - edge0) / (edge1 - edge0), 0), 1)
        return t.isNaN ? (x < edge0 ? 0 : 1) : t * t * (3 - 2 * t)
    }
}
