import Dispatch
import Canvas
import Foundation
import Geo

/// Hillshading of raster-dem tiles, computed as MapLibre's two shader passes do: the slope of each DEM
/// pixel from its eight neighbours (stored, as MapLibre stores it, in 8 bits), then the light's shade,
/// highlight and accent from slope and aspect. The result is one premultiplied image per DEM tile.
struct Hillshade: Sendable {
    /// Radians clockwise from north that the light comes from (the map's bearing already applied).
    var azimuth: Double
    var exaggeration: Double
    var shadow: RGBAColor
    var highlight: RGBAColor
    var accent: RGBAColor

    /// Shades the drawn tiles of `dem`, in parallel.
    func shadeAll(_ dem: DEMTiles) -> [TileID: ImageSurface] {
        let square = DEMTiles(tiles: dem.tiles.filter { $0.value.width == $0.value.height }, encoding: dem.encoding, drawn: dem.drawn)
        let wanted = square.drawnTiles
        let heights = square.heights(around: wanted)
        let shadedSlots = ResultSlots<ImageSurface?>(count: wanted.count)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { i in
            shadedSlots.store(i, shade(wanted[i], size: square.tiles[wanted[i]]!.width, in: heights))
        }
        var shaded: [TileID: ImageSurface] = [:]
        for (i, tile) in wanted.enumerated() {
            if let image = shadedSlots.take(i) ?? nil { shaded[tile] = image }
        }
        return shaded
    }

    /// Shades `tile`; neighbours (same zoom) fill in the one-pixel border the slope needs, as MapLibre's
    /// backfill does; where there is none, the tile's own edge is repeated.
    private func shade(_ tile: TileID, size: Int, in heights: [TileID: [Double]]) -> ImageSurface? {
        guard heights[tile] != nil, let output = try? ImageSurface(width: size, height: size) else { return nil }
        let side = size + 2
        let grid = DEMTiles.padded(tile, size: size, heights: heights)
        let zoom = Double(tile.z)
        let factor = zoom < 2 ? 0.4 : zoom < 4.5 ? 0.35 : 0.3
        let exaggerationPower = zoom < 15 ? (zoom - 15) * factor : 0
        // MapLibre's shader reads elevations divided by 4, then scales the slope by the zoom.
        let divisor = 4 * pow(2, exaggerationPower + (19.2562 - zoom))
        let bounds = WebMercator.bounds(of: tile)
        let north = WebMercator.unproject(WorldPoint(x: bounds.minX, y: bounds.minY)).lat
        let south = WebMercator.unproject(WorldPoint(x: bounds.minX, y: bounds.maxY)).lat
        let intensity = exaggeration
        let base = 1.875 - intensity * 1.75
        let maxValue = 0.5 * Double.pi
        let strength = min(max(intensity * 2, 0), 1)
        let stride = output.stride
        output.withMutablePixels { pixels in
            for y in 0..<size {
                let latitude = (north - south) * (1 - (Double(y) + 0.5) / Double(size)) + south
                let scale = cos(latitude * .pi / 180)
                for x in 0..<size {
                    func e(_ ox: Int, _ oy: Int) -> Double { grid[(y + 1 + oy) * side + (x + 1 + ox)] }
                    let a = e(-1, -1), b = e(0, -1), c = e(1, -1), d = e(-1, 0), f = e(1, 0), g = e(-1, 1), h = e(0, 1), i = e(1, 1)
                    // The first pass writes the slope to an 8-bit texture; the second reads it back.
                    let rawX = ((c + f + f + i) - (a + d + d + g)) / divisor
                    let rawY = ((g + h + h + i) - (a + b + b + c)) / divisor
                    let derivX = (min(max(rawX / 2 + 0.5, 0), 1) * 255).rounded() / 255 * 2 - 1
                    let derivY = (min(max(rawY / 2 + 0.5, 0), 1) * 255).rounded() / 255 * 2 - 1
                    let slope = atan(1.25 * (derivX * derivX + derivY * derivY).squareRoot() / scale)
                    let aspect = derivX != 0 ? atan2(derivY, -derivX) : .pi / 2 * (derivY > 0 ? 1 : -1)
                    let scaledSlope = intensity != 0.5 ? ((pow(base, slope) - 1) / (pow(base, maxValue) - 1)) * maxValue : slope
                    let accentAmount = (1 - cos(scaledSlope)) * strength
                    var shade = ((aspect + azimuth + .pi) / .pi + 0.5).truncatingRemainder(dividingBy: 2)
                    if shade < 0 { shade += 2 }
                    shade = abs(shade - 1)
                    let shadeAmount = sin(scaledSlope) * strength
                    // Premultiplied colours, mixed and composited as the shader does.
                    func mix(_ s: Double, _ h: Double) -> Double { (s + (h - s) * shade) * shadeAmount }
                    let shadeA = mix(shadow.alpha, highlight.alpha)
                    let r = accent.red * accent.alpha * accentAmount * (1 - shadeA) + mix(shadow.red * shadow.alpha, highlight.red * highlight.alpha)
                    let gr = accent.green * accent.alpha * accentAmount * (1 - shadeA) + mix(shadow.green * shadow.alpha, highlight.green * highlight.alpha)
                    let bl = accent.blue * accent.alpha * accentAmount * (1 - shadeA) + mix(shadow.blue * shadow.alpha, highlight.blue * highlight.alpha)
                    let al = accent.alpha * accentAmount * (1 - shadeA) + shadeA
                    func byte(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
                    let alpha = byte(al)
                    let value = alpha << 24 | min(byte(r), alpha) << 16 | min(byte(gr), alpha) << 8 | min(byte(bl), alpha)
                    pixels.storeBytes(of: value, toByteOffset: y * stride + x * 4, as: UInt32.self)
                }
            }
        }
        return output
    }
}
