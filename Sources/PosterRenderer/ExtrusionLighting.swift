import Canvas
import Foundation
import StyleKit

/// How MapLibre's fill-extrusion shaders light the top of an extrusion, the only face seen from straight
/// above: its normal points up, so only the light's height above the horizon and its intensity and colour
/// count (the sides' vertical gradient does not apply).
struct ExtrusionLighting: Sendable {
    /// The light's direction (x east, y south, z up), turned with the screen when it is anchored to the viewport.
    let direction: (x: Double, y: Double, z: Double)
    /// Premultiplied by its alpha, as the shader receives it.
    let color: (r: Double, g: Double, b: Double)
    let intensity: Double

    init(_ light: StyleLight, zoom: Double, bearing: Double) {
        var d = light.direction(zoom: zoom)
        if light.anchor.evaluate(zoom: zoom) == "viewport" {
            // A viewport light keeps its place on the screen, so it turns against the map.
            let angle = bearing * .pi / 180
            d = (d.x * cos(angle) - d.y * sin(angle), d.x * sin(angle) + d.y * cos(angle), d.z)
        }
        direction = d
        let c = light.color.evaluate(zoom: zoom)
        let a = Self.unit(c.a)
        color = (Self.unit(c.r) * a, Self.unit(c.g) * a, Self.unit(c.b) * a)
        let i = light.intensity.evaluate(zoom: zoom)
        intensity = i.isNaN ? 0.5 : min(max(i, 0), 1)
    }

    private static func unit(_ v: Double) -> Double { v.isNaN ? 0 : min(max(v, 0), 1) }

    /// The top's colour for `fill-extrusion-color` (opaque: the shader sets alpha to 1 and lights only the
    /// premultiplied channels, so a translucent colour comes out darker, not see-through).
    func roofColor(_ c: StyleColor) -> RGBAColor {
        let a = Self.unit(c.a)
        let (r, g, b) = (Self.unit(c.r) * a, Self.unit(c.g) * a, Self.unit(c.b) * a)
        // Relative luminance: light colours are brightened less.
        let luminance = r * 0.2126 + g * 0.7152 + b * 0.0722
        // The top's normal is stored as (1, 0, 16384) / 16384: the 1 is the flag that marks it a top.
        let facing = min(max(direction.x / 16384 + direction.z, 0), 1)
        let directional = mix(1 - intensity, max(1 - luminance + intensity, 1), facing)
        // Slight ambient light keeps any colour from going black; the floor tints shade with the light's complement.
        // Rounded to the byte a framebuffer stores (cairo would truncate).
        func lit(_ channel: Double, _ light: Double) -> Double {
            (min(max((channel + 0.03) * directional * light, mix(0, 0.3, 1 - light)), 1) * 255).rounded() / 255
        }
        return RGBAColor(red: lit(r, color.r), green: lit(g, color.g), blue: lit(b, color.b), alpha: 1)
    }

    /// A wall's colour at its foot (`top` false) or its top, before rounding, as the fill-extrusion vertex
    /// shader computes it: the wall's normal is packed as MapLibre's bucket packs it (x as
    /// `floor(nx·8192)·2 + t`, y truncated to a 16-bit integer of `ny·16384`, z 0, all read back over
    /// 16384), and a wall facing exactly east or west (packed y 0) gets no vertical gradient. `base` and `height` are metres, as the shader sees them.
    func wallColor(_ c: StyleColor, normal: (x: Double, y: Double), top: Bool, base: Double, height: Double,
                   verticalGradient: Bool) -> (r: Double, g: Double, b: Double) {
        let a = Self.unit(c.a)
        let (r, g, b) = (Self.unit(c.r) * a, Self.unit(c.g) * a, Self.unit(c.b) * a)
        let luminance = r * 0.2126 + g * 0.7152 + b * 0.0722
        let t = top ? 1.0 : 0.0
        let packedX = (normal.x * 8192).rounded(.down) * 2 + t
        let packedY = (normal.y * 16384).rounded(.towardZero)
        let facing = min(max(packedX / 16384 * direction.x + packedY / 16384 * direction.y, 0), 1)
        var directional = mix(1 - intensity, max(1 - luminance + intensity, 1), facing)
        if packedY != 0 {
            let gradient = verticalGradient ? 1.0 : 0.0
            let shade = min(max((t + base) * (height / 150).squareRoot(), mix(0.7, 0.98, 1 - intensity)), 1)
            directional *= (1 - gradient) + gradient * shade
        }
        func lit(_ channel: Double, _ light: Double) -> Double {
            min(max((channel + 0.03) * directional * light, mix(0, 0.3, 1 - light)), 1)
        }
        return (lit(r, color.r), lit(g, color.g), lit(b, color.b))
    }

    /// What the pattern shader multiplies a top's image by, channel by channel (its own formula: the
    /// normal divided by 16383, and no colour to weigh the intensity against).
    var patternTint: (r: Double, g: Double, b: Double) {
        let facing = min(max(direction.x / 16383 + direction.z * 16384 / 16383, 0), 1)
        let directional = mix(1 - intensity, max(0.5 + intensity, 1), facing)
        func lit(_ light: Double) -> Double { min(max(directional * light, mix(0, 0.3, 1 - light)), 1) }
        return (lit(color.r), lit(color.g), lit(color.b))
    }

    /// What the pattern shader multiplies a wall's image by at its foot (`top` false) or top: the wall's
    /// normal packed as for ``wallColor(_:normal:top:base:height:verticalGradient:)`` but divided by 16383, and
    /// no colour to weigh the intensity against.
    func patternWallTint(normal: (x: Double, y: Double), top: Bool, base: Double, height: Double,
                         verticalGradient: Bool) -> (r: Double, g: Double, b: Double) {
        let t = top ? 1.0 : 0.0
        let packedX = (normal.x * 8192).rounded(.down) * 2 + t
        let packedY = (normal.y * 16384).rounded(.towardZero)
        let facing = min(max(packedX / 16383 * direction.x + packedY / 16383 * direction.y, 0), 1)
        var directional = mix(1 - intensity, max(0.5 + intensity, 1), facing)
        if packedY != 0 {
            let gradient = verticalGradient ? 1.0 : 0.0
            let shade = min(max((t + base) * (height / 150).squareRoot(), mix(0.7, 0.98, 1 - intensity)), 1)
            directional *= (1 - gradient) + gradient * shade
        }
        func lit(_ light: Double) -> Double { min(max(directional * light, mix(0, 0.3, 1 - light)), 1) }
        return (lit(color.r), lit(color.g), lit(color.b))
    }

    private func mix(_ a: Double, _ b: Double, _ t: Double) -> Double { a * (1 - t) + b * t }
}
