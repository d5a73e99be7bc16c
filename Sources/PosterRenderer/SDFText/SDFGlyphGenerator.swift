public import Canvas
import Foundation

/// Makes MapLibre's SDF glyph ranges (`/fonts/{fontstack}/{range}.pbf`) from the fonts the renderer draws
/// with, so that a browser preview sets labels in the same faces as the poster.
///
/// Each character is drawn in the face the renderer would set it in (the fontstack's bundled face, the
/// catalogue's fallbacks, then installed faces), with FreeType at MapLibre's 24 px, unhinted and supersampled
/// four times, and made a signed distance field by TinySDF's method: 3 px of border, 8 px of distance over
/// the 0–255 range, the outline at 192. Metrics follow the glyph servers (node-fontnik): `top` is measured
/// from the face's ascender. Characters no face has are left out, as MapLibre expects.
///
/// A value type holding only the resolver: safe to call from any number of threads at once (each call opens
/// its own FreeType faces and scratch memory). Writes nothing.
public struct SDFGlyphGenerator: Sendable {
    /// MapLibre's glyph size (its `ONE_EM`), in pixels per em.
    public static let glyphSize = 24
    /// Coverage pixels per glyph pixel, along each axis, that the distance field is computed from.
    public static let supersampling = 4

    /// Maps fontstacks to faces and fallbacks, as the renderer does.
    public let resolver: FontStackResolver

    public init(resolver: FontStackResolver) {
        self.resolver = resolver
    }

    /// A generator for the faces of `catalog` (and its installed-font fallback), `language` choosing among
    /// installed faces as in the renderer (Japanese or Chinese Han, for instance).
    public init(catalog: FontCatalog, language: String? = nil) {
        resolver = FontStackResolver(catalog: catalog, language: language)
    }

    /// The font names of a fontstack as a glyph URL names it: `Open Sans Semibold,Arial Unicode MS Bold`.
    public static func fontNames(_ fontStack: String) -> [String] {
        fontStack.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The glyph PBF of `range` for `fontStack` (font names joined by commas), ready to serve as
    /// `application/x-protobuf`.
    public func pbf(fontStack: String, range: GlyphRange) throws(SDFGlyphError) -> [UInt8] {
        let glyphs = try glyphs(fontStack: Self.fontNames(fontStack), range: range)
        return GlyphPBFWriter.encode(fontStack: fontStack, range: range.description, glyphs: glyphs)
    }

    /// The SDF glyphs of `range` for a fontstack, in code point order; characters no face has are left out.
    public func glyphs(fontStack: [String], range: GlyphRange) throws(SDFGlyphError) -> [SDFGlyph] {
        guard !fontStack.isEmpty else { throw .emptyFontStack }
        let shaper = resolver.shaper(for: fontStack)
        var rasterizers: [ObjectIdentifier: GlyphRasterizer] = [:]
        var field = SignedDistanceField()
        var glyphs: [SDFGlyph] = []
        for codePoint in range.codePoints {
            guard let scalar = Unicode.Scalar(codePoint), let face = shaper.face(for: scalar) else { continue }
            let rasterizer: GlyphRasterizer
            if let known = rasterizers[ObjectIdentifier(face)] {
                rasterizer = known
            } else {
                do {
                    rasterizer = try GlyphRasterizer(face, pixelSize: Self.glyphSize, scale: Self.supersampling)
                } catch {
                    throw .fontUnreadable(face: face.name, reason: error.message)
                }
                rasterizers[ObjectIdentifier(face)] = rasterizer
            }
            guard let bitmap = rasterizer.glyph(scalar) else { continue }
            // Glyph servers truncate the 26.6 ascender to whole pixels.
            let ascender = Int(rasterizer.ascender.rounded(.down))
            glyphs.append(field.glyph(codePoint, bitmap, ascender: ascender))
        }
        return glyphs
    }
}
