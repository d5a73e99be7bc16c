import Canvas

/// A dash array as MapLibre's line atlas stores it: a signed distance field 256 texels wide covering one
/// period of the pattern (one row; fifteen rows across the line for round caps, whose dashes end in half
/// circles). The line shader samples it bilinearly and repeats it along the line.
struct LineDashPattern: Sendable {
    static let width = 256
    /// Rows either side of the middle for round dashes.
    static let roundRows = 7

    /// The pattern's period in line widths (the sum of the dash array).
    let length: Double
    let round: Bool
    /// `rows * width` distances, 128 at a dash's edge, above inside a dash.
    let texels: [UInt8]
    var rows: Int { texels.count / Self.width }

    private struct Range {
        var left: Double, right: Double
        var isDash: Bool
        var zeroLength: Bool
    }

    /// The pattern of `dashes` (lengths in line widths, dash first); nil when they add up to nothing.
    init?(dashes: [Double], round: Bool) {
        let length = dashes.reduce(0, +)
        guard !dashes.isEmpty, length > 0 else { return nil }
        self.length = length
        self.round = round
        let stretch = Double(Self.width) / length
        var ranges = Self.ranges(dashes, stretch: stretch)
        texels = round ? Self.roundTexels(ranges, stretch: stretch) : Self.regularTexels(&ranges)
    }

    private static func ranges(_ dashes: [Double], stretch: Double) -> [Range] {
        // An odd count repeats with a dash at both ends, which join into one.
        let odd = dashes.count % 2 == 1
        var ranges = [Range(left: odd ? -dashes[dashes.count - 1] * stretch : 0, right: dashes[0] * stretch, isDash: true, zeroLength: dashes[0] == 0)]
        var isDash = true
        var current = dashes[0]
        for dash in dashes.dropFirst() {
            isDash.toggle()
            let left = current * stretch
            current += dash
            ranges.append(Range(left: left, right: current * stretch, isDash: isDash, zeroLength: dash == 0))
        }
        return ranges
    }

    private static func regularTexels(_ ranges: inout [Range]) -> [UInt8] {
        // Zero-length parts vanish, and neighbours of the same kind merge.
        var i = ranges.count - 1
        while i >= 0 {
            if ranges[i].zeroLength {
                ranges.remove(at: i)
            } else if i + 1 < ranges.count && ranges[i + 1].isDash == ranges[i].isDash {
                ranges[i + 1].left = ranges[i].left
                ranges.remove(at: i)
            }
            i -= 1
        }
        guard let first = ranges.first, let last = ranges.last else { return Array(repeating: 0, count: width) }
        if first.isDash == last.isDash {
            ranges[0].left = last.left - Double(width)
            ranges[ranges.count - 1].right = first.right + Double(width)
        }
        var texels = [UInt8](repeating: 0, count: width)
        var index = 0
        for x in 0..<width {
            let xd = Double(x)
            if xd / ranges[index].right > 1 && index + 1 < ranges.count { index += 1 }
            let range = ranges[index]
            let minDistance = min(abs(xd - range.left), abs(xd - range.right))
            texels[x] = clampToByte(range.isDash ? minDistance : -minDistance)
        }
        return texels
    }

    private static func roundTexels(_ ranges: [Range], stretch: Double) -> [UInt8] {
        let n = roundRows
        let halfStretch = stretch / 2
        var texels = [UInt8](repeating: 0, count: width * (2 * n + 1))
        for y in -n...n {
            var index = 0
            for x in 0..<width {
                let xd = Double(x)
                if xd / ranges[index].right > 1 && index + 1 < ranges.count { index += 1 }
                let range = ranges[index]
                let minDistance = min(abs(xd - range.left), abs(xd - range.right))
                let middle = Double(y) / Double(n) * (halfStretch + 1)
                let signed: Double
                if range.isDash {
                    let edge = halfStretch - abs(middle)
                    signed = (minDistance * minDistance + edge * edge).squareRoot()
                } else {
                    signed = halfStretch - (minDistance * minDistance + middle * middle).squareRoot()
                }
                texels[(y + n) * width + x] = clampToByte(signed)
            }
        }
        return texels
    }

    /// A Uint8Array store: clamped to 0...255 and truncated.
    private static func clampToByte(_ distance: Double) -> UInt8 {
        UInt8(max(0, min(255, distance + 128)))
    }

    /// The distance field at `x` periods along the line (repeating) and `row` (0 ... rows - 1, fractional
    /// between rows), sampled bilinearly as a GPU samples the atlas texture; 0 ... 1.
    @inline(__always)
    func sample(x: Double, row: Double) -> Double {
        let u = x * Double(Self.width) - 0.5
        let whole = floorToInt(u)
        let fu = u - Double(whole)
        var i0 = whole % Self.width
        if i0 < 0 { i0 += Self.width }
        let i1 = i0 + 1 == Self.width ? 0 : i0 + 1
        guard rows > 1 else {
            return (Double(texels[i0]) * (1 - fu) + Double(texels[i1]) * fu) / 255
        }
        let r = min(max(row, 0), Double(rows - 1))
        let r0 = floorToInt(r), r1 = min(r0 + 1, rows - 1)
        let fr = r - Double(r0)
        let top = Double(texels[r0 * Self.width + i0]) * (1 - fu) + Double(texels[r0 * Self.width + i1]) * fu
        let bottom = Double(texels[r1 * Self.width + i0]) * (1 - fu) + Double(texels[r1 * Self.width + i1]) * fu
        return (top * (1 - fr) + bottom * fr) / 255
    }
}
