/// How far apart two images are, for golden-image tests with a stated tolerance.
public struct ImageDifference: Sendable, CustomStringConvertible {
    /// Pixels whose largest channel difference exceeds the threshold.
    public var differingPixels: Int
    public var totalPixels: Int
    /// Largest channel difference seen, 0-255.
    public var maximumChannelDifference: Int

    public var differingFraction: Double { totalPixels == 0 ? 0 : Double(differingPixels) / Double(totalPixels) }

    public var description: String {
        "\(differingPixels) of \(totalPixels) pixels differ (\(differingFraction * 100)%), max channel difference \(maximumChannelDifference)"
    }

    /// Compares two surfaces of equal size channel by channel (premultiplied values).
    public static func between(_ a: ImageSurface, _ b: ImageSurface, threshold: Int = 16) -> ImageDifference? {
        guard a.width == b.width, a.height == b.height else { return nil }
        var differing = 0
        var maximum = 0
        a.withPixels { pa in
            b.withPixels { pb in
                for y in 0..<a.height {
                    let rowA = y * a.stride, rowB = y * b.stride
                    for x in 0..<a.width {
                        var worst = 0
                        for c in 0..<4 {
                            let d = abs(Int(pa[rowA + 4 * x + c]) - Int(pb[rowB + 4 * x + c]))
                            worst = max(worst, d)
                        }
                        maximum = max(maximum, worst)
                        if worst > threshold { differing += 1 }
                    }
                }
            }
        }
        return ImageDifference(differingPixels: differing, totalPixels: a.width * a.height, maximumChannelDifference: maximum)
    }
}
