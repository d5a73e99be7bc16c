import Foundation

/// A colour with straight alpha, components in 0...1, as written in a style.
public struct StyleColor: Sendable, Hashable, CustomStringConvertible {
    public var r: Double
    public var g: Double
    public var b: Double
    public var a: Double

    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    public static let black = StyleColor(r: 0, g: 0, b: 0)
    public static let transparent = StyleColor(r: 0, g: 0, b: 0, a: 0)

    public var description: String { "rgba(\(r * 255), \(g * 255), \(b * 255), \(a))" }

    /// Linear interpolation in RGB, as MapLibre's zoom functions do.
    public func interpolated(to other: StyleColor, fraction t: Double) -> StyleColor {
        StyleColor(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t, a: a + (other.a - a) * t)
    }

    /// Parses a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, `hsl()`, `hsla()`,
    /// a CSS named colour or `transparent`. Returns nil for anything else.
    public init?(css text: String) {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if s.hasPrefix("#") {
            let hex = Array(s.dropFirst())
            // ASCII only: Character.isHexDigit also takes fullwidth digits, which Int(_:radix:) rejects.
            guard hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
            func digit(_ i: Int) -> Double { Double(Int(String(hex[i]), radix: 16)!) }
            func pair(_ i: Int) -> Double { Double(Int(String(hex[i...i + 1]), radix: 16)!) / 255 }
            switch hex.count {
            case 3, 4:
                self.init(r: digit(0) * 17 / 255, g: digit(1) * 17 / 255, b: digit(2) * 17 / 255, a: hex.count == 4 ? digit(3) * 17 / 255 : 1)
            case 6, 8:
                self.init(r: pair(0), g: pair(2), b: pair(4), a: hex.count == 8 ? pair(6) : 1)
            default:
                return nil
            }
            return
        }
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            let name = String(s[..<open])
            let arguments = s[s.index(after: open)..<s.index(before: s.endIndex)]
                .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "/" }).map(String.init)
            switch name {
            case "rgb", "rgba":
                guard arguments.count == 3 || arguments.count == 4 else { return nil }
                var channels: [Double] = []
                for argument in arguments.prefix(3) {
                    if argument.hasSuffix("%") {
                        guard let v = Double(argument.dropLast()) else { return nil }
                        channels.append(min(max(v / 100, 0), 1))
                    } else {
                        guard let v = Double(argument) else { return nil }
                        channels.append(min(max(v / 255, 0), 1))
                    }
                }
                guard let alpha = arguments.count == 4 ? Self.alpha(arguments[3]) : 1 else { return nil }
                self.init(r: channels[0], g: channels[1], b: channels[2], a: alpha)
                return
            case "hsl", "hsla":
                guard arguments.count == 3 || arguments.count == 4,
                      let h = Double(arguments[0].replacingOccurrences(of: "deg", with: "")),
                      arguments[1].hasSuffix("%"), arguments[2].hasSuffix("%"),
                      let sat = Double(arguments[1].dropLast()), let light = Double(arguments[2].dropLast()),
                      let alpha = arguments.count == 4 ? Self.alpha(arguments[3]) : 1
                else { return nil }
                let (r, g, b) = Self.hslToRGB(h: h, s: min(max(sat / 100, 0), 1), l: min(max(light / 100, 0), 1))
                self.init(r: r, g: g, b: b, a: alpha)
                return
            default:
                return nil
            }
        }
        if s == "transparent" {
            self = .transparent
            return
        }
        guard let value = namedColors[s] else { return nil }
        self.init(r: Double(value >> 16) / 255, g: Double((value >> 8) & 0xff) / 255, b: Double(value & 0xff) / 255)
    }

    private static func alpha(_ text: String) -> Double? {
        if text.hasSuffix("%") { return Double(text.dropLast()).map { min(max($0 / 100, 0), 1) } }
        return Double(text).map { min(max($0, 0), 1) }
    }

    private static func hslToRGB(h: Double, s: Double, l: Double) -> (Double, Double, Double) {
        let hue = (h.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 360
        let q = l < 0.5 ? l * (1 + s) : l + s - l * s
        let p = 2 * l - q
        func channel(_ t0: Double) -> Double {
            var t = t0
            if t < 0 { t += 1 }
            if t > 1 { t -= 1 }
            if t < 1 / 6 { return p + (q - p) * 6 * t }
            if t < 1 / 2 { return q }
            if t < 2 / 3 { return p + (q - p) * (2 / 3 - t) * 6 }
            return p
        }
        return (channel(hue + 1 / 3), channel(hue), channel(hue - 1 / 3))
    }
}
