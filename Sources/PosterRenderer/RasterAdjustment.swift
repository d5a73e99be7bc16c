import Canvas
import Foundation
import StyleKit

/// The colour adjustments of a raster layer, computed the way MapLibre's raster shader does: hue rotation,
/// then saturation, contrast, and the brightness range, on un-premultiplied colour.
struct RasterAdjustment: Sendable {
    var brightnessMin: Double
    var brightnessMax: Double
    var contrast: Double
    var saturation: Double
    /// Degrees.
    var hueRotate: Double

    init(brightnessMin: Double, brightnessMax: Double, contrast: Double, saturation: Double, hueRotate: Double) {
        self.brightnessMin = brightnessMin
        self.brightnessMax = brightnessMax
        self.contrast = contrast
        self.saturation = saturation
        self.hueRotate = hueRotate
    }

    /// A raster layer's adjustments at a zoom.
    init(_ paint: RasterLayerPaint, zoom: Double) {
        self.init(brightnessMin: paint.brightnessMin.evaluate(zoom: zoom), brightnessMax: paint.brightnessMax.evaluate(zoom: zoom),
                  contrast: paint.contrast.evaluate(zoom: zoom), saturation: paint.saturation.evaluate(zoom: zoom),
                  hueRotate: paint.hueRotate.evaluate(zoom: zoom))
    }

    var isIdentity: Bool { brightnessMin == 0 && brightnessMax == 1 && contrast == 0 && saturation == 0 && hueRotate == 0 }

    /// A copy of `image` with the adjustments applied (the original tile stays as decoded).
    func apply(to image: ImageSurface) -> ImageSurface {
        guard let copy = try? ImageSurface(width: image.width, height: image.height) else { return image }
        let angle = hueRotate * .pi / 180
        let s = sin(angle), c = cos(angle)
        let spin = ((2 * c + 1) / 3, (-sqrt(3) * s - c + 1) / 3, (sqrt(3) * s - c + 1) / 3)
        let saturationFactor = saturation > 0 ? 1 - 1 / (1.001 - saturation) : -saturation
        let contrastFactor = contrast > 0 ? 1 / (1 - contrast) : 1 + contrast
        let stride = image.stride
        image.withPixels { source in
            copy.withMutablePixels { target in
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        let offset = y * stride + x * 4
                        let word = source.load(fromByteOffset: offset, as: UInt32.self)
                        let a = Double(word >> 24) / 255
                        guard a > 0 else { target.storeBytes(of: 0, toByteOffset: offset, as: UInt32.self); continue }
                        let r0 = Double(word >> 16 & 0xFF) / 255 / a, g0 = Double(word >> 8 & 0xFF) / 255 / a, b0 = Double(word & 0xFF) / 255 / a
                        var r = r0 * spin.0 + g0 * spin.1 + b0 * spin.2
                        var g = r0 * spin.2 + g0 * spin.0 + b0 * spin.1
                        var b = r0 * spin.1 + g0 * spin.2 + b0 * spin.0
                        let average = (r + g + b) / 3
                        r += (average - r) * saturationFactor; g += (average - g) * saturationFactor; b += (average - b) * saturationFactor
                        r = (r - 0.5) * contrastFactor + 0.5; g = (g - 0.5) * contrastFactor + 0.5; b = (b - 0.5) * contrastFactor + 0.5
                        func channel(_ v: Double) -> UInt32 {
                            let mixed = brightnessMin + (brightnessMax - brightnessMin) * v
                            return UInt32((min(max(mixed, 0), 1) * a * 255).rounded())
                        }
                        let value = UInt32((a * 255).rounded()) << 24 | channel(r) << 16 | channel(g) << 8 | channel(b)
                        target.storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
                    }
                }
            }
        }
        return copy
    }
}
