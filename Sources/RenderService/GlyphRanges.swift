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

    /// The first code point of a `{start}-{end}.pbf` file name, which must be a whole range of 256.
    static func parseRange(_ file: String) throws(APIError) -> Int {
        let bounds = file.hasSuffix(".pbf") ? file.dropLast(4).split(separator: "-") : []
        guard bounds.count == 2, let start = Int(bounds[0]), let end = Int(bounds[1]), start % 256 == 0, end == start + 255,
              (0...0xFFFF).contains(end) else {
            throw APIError.invalid([.init(field: "range", reason: "ask /fonts/{fontstack}/{start}-{end}.pbf for a range of 256 code points, start a multiple of 256, end at most 65535")])
        }
        return start
    }

    /// The PBF of `stack` (font names separated by commas, as MapLibre sends them) from `start`.
    func range(stack: String, start: Int) throws(APIError) -> [UInt8] {
        let names = (stack.removingPercentEncoding ?? stack).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && $0.count <= 100 }), names.count <= 8 else {
            throw APIError.invalid([.init(field: "fontstack", reason: "give 1 to 8 font names separated by commas, such as Noto Sans Regular")])
        }
        let key = names.joined(separator: ",") + "/\(start)"
        if let known = lock.withLock({ built[key] }) { return known }
        let bytes = try generate(names, start: start)
        lock.withLock {
            if built.count >= Self.maxCachedRanges { built.removeAll(keepingCapacity: true) }
            built[key] = bytes
        }
        return bytes
    }

    private func generate(_ names: [String], start: Int) throws(APIError) -> [UInt8] {
        do {
            return try generator.pbf(fontStack: names.joined(separator: ","), range: GlyphRange(start: UInt32(start)))
        } catch {
            throw APIError(.internal, "the glyphs of \(names.joined(separator: ", ")) \(start)-\(start + 255) cannot be made: \(error)", cause: error)
        }
    }
}
