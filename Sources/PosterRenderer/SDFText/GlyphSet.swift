import Foundation

/// A style's SDF glyphs (its `glyphs` URL template), read range by range as text needs them: which
/// ranges a map needs is known only once each feature's text is evaluated, so the loader hands the
/// renderer this reader rather than the glyphs. Ranges are read once; what cannot be read or is missing
/// is collected for the render's warnings.
public final class GlyphSet: @unchecked Sendable {
    // @unchecked: the caches are guarded by `lock`.
    /// The style's `glyphs` template, with `{fontstack}` and `{range}`.
    public let template: String
    private let load: @Sendable (String) -> [UInt8]?
    private let lock = NSLock()
    private var ranges: [RangeKey: [UInt32: SDFGlyph]] = [:]
    private var problems: [String] = []
    private var missing: [String: Set<UInt32>] = [:]

    private struct RangeKey: Hashable {
        var fontStack: String
        var start: UInt32
    }

    /// - Parameters:
    ///   - template: the style's `glyphs` URL.
    ///   - load: the bytes at a URL, nil when there are none (the same loading the sprite uses).
    public init(template: String, load: @escaping @Sendable (String) -> [UInt8]?) {
        self.template = template
        self.load = load
    }

    /// The URL of one range of 256 code points of a fontstack, as MapLibre requests it: the stack's fonts
    /// joined by commas (one file holds the whole stack).
    public func url(fontStack: String, start: UInt32) -> String {
        var stack = fontStack
        if template.hasPrefix("http://") || template.hasPrefix("https://") {
            stack = fontStack.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ",/"))) ?? fontStack
        }
        return template.replacingOccurrences(of: "{fontstack}", with: stack)
            .replacingOccurrences(of: "{range}", with: "\(start)-\(start + 255)")
    }

    /// The glyph of `codePoint` in `fontStack` (fonts joined by commas), nil when the style's glyphs have
    /// none; a missing glyph is remembered for ``warnings()``.
    public func glyph(_ codePoint: UInt32, fontStack: String) -> SDFGlyph? {
        guard codePoint <= 0xFFFF else {
            // MapLibre's glyph ranges stop at U+FFFF.
            lock.withLock { _ = missing[fontStack, default: []].insert(codePoint) }
            return nil
        }
        let key = RangeKey(fontStack: fontStack, start: codePoint / 256 * 256)
        lock.lock()
        defer { lock.unlock() }
        if ranges[key] == nil {
            let address = url(fontStack: fontStack, start: key.start)
            if let bytes = load(address) {
                do {
                    ranges[key] = try GlyphPBF.decode(bytes)
                } catch {
                    problems.append("the glyphs \(address) are not a glyph PBF (\(error)): their text is not drawn")
                    ranges[key] = [:]
                }
            } else {
                problems.append("the glyphs \(address) cannot be read: their text is not drawn")
                ranges[key] = [:]
            }
        }
        let glyph = ranges[key]?[codePoint]
        if glyph == nil { missing[fontStack, default: []].insert(codePoint) }
        return glyph
    }

    /// What could not be read, and the glyphs the text asked for that the fonts lack, by fontstack.
    public func warnings() -> [String] {
        lock.withLock {
            problems + missing.keys.sorted().map { stack in
                let points = missing[stack]!.sorted()
                let listed = points.prefix(8).map { String(format: "U+%04X", $0) }.joined(separator: ", ")
                return "the glyphs of \"\(stack)\" have no \(listed)\(points.count > 8 ? " and \(points.count - 8) more" : ""): those characters are not drawn"
            }
        }
    }
}
