import Canvas

/// Draws raster tiles (raster and hillshade layers) on a pitched map view as a GPU samples a textured
/// ground quad: every output pixel whose centre sees the tile is traced back through the inverse
/// projection to the flat layout and takes the tile image's colour there (bilinear, or nearest with
/// `raster-resampling: nearest`), blended source-over with the layer's opacity.
/// Approximate: MapLibre samples from mipmaps when the ground is minified far away; this samples the
/// full-size image, so distant detail aliases a little more.
struct PerspectiveRasterDrawer {
    /// Output pixel → flat layout (the inverse of the ground projection).
    let screenToFlat: DeviceTransform
    /// Output rows from here down see the ground (the far plane cuts above).
    let firstRow: Int
    /// Whole output pixels drawn into.
    let clip: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    /// A raster tile: its image spans `tile.rect` of the flat layout, less its holes.
    func draw(_ tile: RasterTile, opacity: Double, nearest: Bool, into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard tile.rect.width > 0, tile.rect.height > 0 else { return }
        let kx = Double(tile.image.width) / tile.rect.width, ky = Double(tile.image.height) / tile.rect.height
        let flatToImage = DeviceTransform(xx: kx, yx: 0, xy: 0, yy: ky, x0: -tile.rect.minX * kx, y0: -tile.rect.minY * ky)
        draw(tile.image, flatToImage: flatToImage, opacity: opacity, nearest: nearest, into: pixels, stride: stride) { x, y in
            x >= tile.rect.minX && x < tile.rect.maxX && y >= tile.rect.minY && y < tile.rect.maxY
                && !tile.holes.contains { x >= $0.minX && x < $0.maxX && y >= $0.minY && y < $0.maxY }
        }
    }

    /// An image source's picture on four flat-layout corners (top left, top right, bottom right, bottom left).
    func draw(_ image: ImageSurface, corners: [(x: Double, y: Double)], opacity: Double, nearest: Bool,
              into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        guard corners.count == 4, let quadToUnit = Self.unitSquare(to: corners).inverted else { return }
        let toImage = DeviceTransform(xx: Double(image.width), yx: 0, xy: 0, yy: Double(image.height), x0: 0, y0: 0).concatenating(quadToUnit)
        draw(image, flatToImage: toImage, opacity: opacity, nearest: nearest, into: pixels, stride: stride) { x, y in
            let u = quadToUnit.apply(x: x, y: y)
            return u.x >= 0 && u.x < 1 && u.y >= 0 && u.y < 1
        }
    }

    /// A repeating pattern over the whole ground (`background-pattern`): `flatToImage` is the pattern's
    /// flat-layout-to-image map, and the image repeats every width and height.
    func drawRepeating(_ image: ImageSurface, flatToImage: DeviceTransform, opacity: Double,
                       into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        draw(image, flatToImage: flatToImage, opacity: opacity, nearest: false, repeating: true, into: pixels, stride: stride) { _, _ in true }
    }

    /// The homography taking the unit square's corners (0, 0), (1, 0), (1, 1), (0, 1) to `corners` (Heckbert's
    /// square-to-quad).
    static func unitSquare(to corners: [(x: Double, y: Double)]) -> DeviceTransform {
        let (p0, p1, p2, p3) = (corners[0], corners[1], corners[2], corners[3])
        let sx = p0.x - p1.x + p2.x - p3.x, sy = p0.y - p1.y + p2.y - p3.y
        var g = 0.0, h = 0.0
        if abs(sx) > 1e-12 || abs(sy) > 1e-12 {
            let dx1 = p1.x - p2.x, dx2 = p3.x - p2.x, dy1 = p1.y - p2.y, dy2 = p3.y - p2.y
            let denominator = dx1 * dy2 - dx2 * dy1
            if denominator != 0 {
                g = (sx * dy2 - dx2 * sy) / denominator
                h = (dx1 * sy - sx * dy1) / denominator
            }
        }
        return DeviceTransform(xx: p1.x - p0.x + g * p1.x, yx: p1.y - p0.y + g * p1.y, xy: p3.x - p0.x + h * p3.x, yy: p3.y - p0.y + h * p3.y,
                               x0: p0.x, y0: p0.y, wx: g, wy: h, w0: 1)
    }

    /// Every output pixel whose centre sees flat-layout ground that `covers` takes `image`'s colour at
    /// `flatToImage` of that ground (image pixels, (0, 0) the image's top-left corner).
    private func draw(_ image: ImageSurface, flatToImage: DeviceTransform, opacity: Double, nearest: Bool, repeating: Bool = false,
                      into pixels: UnsafeMutableRawBufferPointer, stride: Int, covers: (Double, Double) -> Bool) {
        guard opacity > 0, image.width > 0, image.height > 0 else { return }
        let width = image.width, height = image.height
        image.withPixels { source in
            let sourceStride = image.stride
            func word(_ x: Int, _ y: Int) -> (Double, Double, Double, Double) {
                // Edges clamp, as a texture's CLAMP_TO_EDGE; a pattern wraps round.
                let cx = repeating ? ((x % width) + width) % width : min(max(x, 0), width - 1)
                let cy = repeating ? ((y % height) + height) % height : min(max(y, 0), height - 1)
                return PremultipliedPixel.unpack(source.load(fromByteOffset: cy * sourceStride + cx * 4, as: UInt32.self))
            }
            for row in max(clip.minY, firstRow)..<max(clip.maxY, max(clip.minY, firstRow)) {
                for column in clip.minX..<clip.maxX {
                    let flat = screenToFlat.apply(x: Double(column) + 0.5, y: Double(row) + 0.5)
                    guard covers(flat.x, flat.y) else { continue }
                    let texel = flatToImage.apply(x: flat.x, y: flat.y)
                    let u = texel.x - 0.5, v = texel.y - 0.5
                    var colour: (Double, Double, Double, Double)
                    if nearest {
                        colour = word(Int((u + 0.5).rounded(.down)), Int((v + 0.5).rounded(.down)))
                    } else {
                        let x0 = Int(u.rounded(.down)), y0 = Int(v.rounded(.down))
                        let fx = u - Double(x0), fy = v - Double(y0)
                        let a = word(x0, y0), b = word(x0 + 1, y0), c = word(x0, y0 + 1), d = word(x0 + 1, y0 + 1)
                        func mix(_ p: Double, _ q: Double, _ r: Double, _ s: Double) -> Double {
                            (p * (1 - fx) + q * fx) * (1 - fy) + (r * (1 - fx) + s * fx) * fy
                        }
                        colour = (mix(a.0, b.0, c.0, d.0), mix(a.1, b.1, c.1, d.1), mix(a.2, b.2, c.2, d.2), mix(a.3, b.3, c.3, d.3))
                    }
                    colour = (colour.0 * opacity, colour.1 * opacity, colour.2 * opacity, colour.3 * opacity)
                    guard colour.3 > 0 else { continue }
                    let offset = row * stride + column * 4
                    let destination = pixels.load(fromByteOffset: offset, as: UInt32.self)
                    pixels.storeBytes(of: PremultipliedPixel.over(colour, destination), toByteOffset: offset, as: UInt32.self)
                }
            }
        }
    }
}
