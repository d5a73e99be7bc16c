import Foundation

/// CIE L*a*b* and HCL conversions (D50 white, as MapLibre uses) for `interpolate-lab` and `interpolate-hcl`.
enum ColorSpaces {
    private static let xn = 0.96422, yn = 1.0, zn = 0.82521
    private static let t0 = 4.0 / 29, t1 = 6.0 / 29, t2 = 3 * t1 * t1, t3 = t1 * t1 * t1

    private static func toLinear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    private static func fromLinear(_ c: Double) -> Double { c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055 }
    private static func f(_ t: Double) -> Double { t > t3 ? pow(t, 1.0 / 3) : t / t2 + t0 }
    private static func fInverse(_ t: Double) -> Double { t > t1 ? t * t * t : t2 * (t - t0) }

    static func lab(_ c: StyleColor) -> (l: Double, a: Double, b: Double, alpha: Double) {
        let r = toLinear(c.r), g = toLinear(c.g), b = toLinear(c.b)
        let y = f((0.2225045 * r + 0.7168786 * g + 0.0606169 * b) / yn)
        let x = f((0.4360747 * r + 0.3850649 * g + 0.1430804 * b) / xn)
        let z = f((0.0139322 * r + 0.0971045 * g + 0.7141733 * b) / zn)
        return (116 * y - 16, 500 * (x - y), 200 * (y - z), c.a)
    }

    static func color(l: Double, a: Double, b: Double, alpha: Double) -> StyleColor {
        var y = (l + 16) / 116
        var x = a.isNaN ? y : y + a / 500
        var z = b.isNaN ? y : y - b / 200
        y = yn * fInverse(y)
        x = xn * fInverse(x)
        z = zn * fInverse(z)
        let r = fromLinear(3.1338561 * x - 1.6168667 * y - 0.4906146 * z)
        let g = fromLinear(-0.9787684 * x + 1.9161415 * y + 0.0334540 * z)
        let bl = fromLinear(0.0719453 * x - 0.2289914 * y + 1.4052427 * z)
        return StyleColor(r: min(max(r, 0), 1), g: min(max(g, 0), 1), b: min(max(bl, 0), 1), a: alpha)
    }

    static func interpolateLab(_ from: StyleColor, _ to: StyleColor, _ t: Double) -> StyleColor {
        let a = lab(from), b = lab(to)
        return color(l: a.l + (b.l - a.l) * t, a: a.a + (b.a - a.a) * t, b: a.b + (b.b - a.b) * t, alpha: a.alpha + (b.alpha - a.alpha) * t)
    }

    static func interpolateHCL(_ from: StyleColor, _ to: StyleColor, _ t: Double) -> StyleColor {
        func hcl(_ c: StyleColor) -> (h: Double, c: Double, l: Double, alpha: Double) {
            let v = lab(c)
            let chroma = (v.a * v.a + v.b * v.b).squareRoot()
            var hue = atan2(v.b, v.a) * 180 / .pi
            if hue < 0 { hue += 360 }
            // Achromatic colours have no hue; MapLibre keeps the other colour's hue.
            return (chroma < 1e-4 ? .nan : hue, chroma, v.l, v.alpha)
        }
        let a = hcl(from), b = hcl(to)
        var hue: Double
        if a.h.isNaN && b.h.isNaN { hue = .nan } else if a.h.isNaN { hue = b.h } else if b.h.isNaN { hue = a.h } else {
            var delta = b.h - a.h
            if delta > 180 { delta -= 360 } else if delta < -180 { delta += 360 }
            hue = a.h + delta * t
        }
        let chroma = a.c + (b.c - a.c) * t
        let lightness = a.l + (b.l - a.l) * t
        let radians = (hue.isNaN ? 0 : hue) * .pi / 180
        return color(l: lightness, a: hue.isNaN ? 0 : cos(radians) * chroma, b: hue.isNaN ? 0 : sin(radians) * chroma,
                     alpha: a.alpha + (b.alpha - a.alpha) * t)
    }
}
