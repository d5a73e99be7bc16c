import Canvas
import Foundation
import PosterRenderer

/// SDF glyph ranges of the bundled fonts in MapLibre's PBF format, generated on first use and kept: each
/// font stack and range of 256 code points is built once per process.
final class GlyphRanges: @unchecked Sendable {
    // @unchecked: `built` is only touched under `lock`; the generator is thread-safe.
    private let generator: SDFGlyphGenerator
    private let lock = NSLock()
    private var built: [String: [UInt8]] = [:]

    /// Most font stacks one process keeps ranges of, so that made-up stack names cannot grow memory forever.
    static let maxCachedRanges = 2048

    init(fonts: FontCatalog) {
        generator = SDFGlyphGenerator(catalog: fonts)
    }

    /// The range a `{start}-{end}.pbf` file name asks for: a whole range of 256 code points in the Basic
    /// Multilingual Plane, the only ones MapLibre asks for.
    static func parseRange(_ file: String) throws(APIError) -> GlyphRange {
        guard file.hasSuffix(".pbf"), let range = try? GlyphRange(parsing: String(file.dropLast(4))), range.end <= 0xFFFF else {
            throw APIError.invalid([.init(field: "range", reason: "ask /fonts/{fontstack}/{start}-{end}.pbf for a range of 256 code points, start a multiple of 256, end at most 65535")])
        }
        return range
    }

    /// The PBF of `stack` (font names separated by commas, as MapLibre sends them) for `range`.
    func range(stack: String, range: GlyphRange) throws(APIError) -> [UInt8] {
        let names = SDFGlyphGenerator.fontNames(stack.removingPercentEncoding ?? stack)
        guard !names.isEmpty, names.allSatisfy({ $0.count <= 100 }), names.count <= 8 else {
            throw APIError.invalid([.init(field: "fontstack", reason: "give 1 to 8 font names separated by commas, such as Noto Sans Regular")])
        }
        let fontStack = names.joined(separator: ",")
        let key = "\(fontStack)/\(range)"
        if let known = lock.withLock({ built[key] }) { return known }
        let bytes: [UInt8]
        do {
            bytes = try generator.pbf(fontStack: fontStack, range: range)
        } catch {
            throw APIError(.internal, "the glyphs of \(names.joined(separator: ", ")) \(range) cannot be made: \(error)", cause: error)
        }
        lock.withLock {
            if built.count >= Self.maxCachedRanges { built.removeAll(keepingCapacity: true) }
            built[key] = bytes
        }
        return bytes
    }
}
