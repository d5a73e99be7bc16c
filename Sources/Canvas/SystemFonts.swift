import CFontconfig
import Synchronization

/// Faces installed on the machine, found through fontconfig, for characters the bundled fonts lack: CJK,
/// Arabic, Hebrew, Indic, Thai and the rest of Noto (`scripts/setup.sh` installs Debian's `fonts-noto-core`
/// and `fonts-noto-cjk`). fontconfig is opened on the first character that needs it, so Latin posters never
/// pay for it. Safe to use from several threads; each face is loaded once.
public final class SystemFonts: Sendable {
    /// Family fontconfig is asked for first: Noto covers every script, in one design.
    static let preferredFamily = "Noto Sans"

    private struct State {
        /// fontconfig's configuration, once loaded (nil before, or if fontconfig has none).
        var config: OpaquePointer?
        var loaded = false
        /// Faces by file and index.
        var faces: [String: FontFace] = [:]
        /// The face found for a character and language (nil: none covers it).
        var answers: [Query: FontFace?] = [:]
        /// Faces fontconfig chose for each language so far, asked first: a script's characters are nearly
        /// always in the face found for its first one, and fontconfig's sort of every installed font is slow.
        var chosen: [String: [FontFace]] = [:]
    }

    private struct Query: Hashable {
        var scalar: UInt32
        var language: String?
    }

    private let state = Mutex(State())

    public init() {}

    /// The installed face that covers `scalar`, preferring Noto Sans and faces for `language` (a BCP 47 tag
    /// such as `ja`, `zh-Hans` or `ar`: it picks Noto Sans CJK JP over SC for Han); nil if none does.
    public func face(covering scalar: Unicode.Scalar, language: String? = nil) -> FontFace? {
        let query = Query(scalar: scalar.value, language: language)
        return state.withLock { state -> FontFace? in
            if let known = state.answers[query] { return known }
            if let face = state.chosen[language ?? "", default: []].first(where: { $0.covers(scalar) }) {
                state.answers[query] = face
                return face
            }
            if !state.loaded {
                state.loaded = true
                state.config = FcInitLoadConfigAndFonts()
            }
            var found: FontFace?
            if let config = state.config, let (path, index) = Self.match(scalar, language: language, config: config) {
                let key = "\(path)#\(index)"
                if let face = state.faces[key] {
                    found = face
                } else if let face = try? FontFace(path: path, index: index), face.covers(scalar) {
                    state.faces[key] = face
                    found = face
                }
            }
            state.answers[query] = found
            if let found, !state.chosen[language ?? "", default: []].contains(where: { $0 === found }) {
                state.chosen[language ?? "", default: []].append(found)
            }
            return found
        }
    }

    /// A BCP 47 tag as fontconfig names languages: Chinese by script or region (`zh-Hans` → `zh-cn`,
    /// `zh-Hant` → `zh-tw`, `zh-HK` → `zh-hk`), other tags in lower case.
    static func fontconfigLanguage(_ tag: String) -> String {
        let parts = tag.lowercased().split(separator: "-")
        guard parts.first == "zh" else { return tag.lowercased() }
        if parts.contains("hk") || parts.contains("mo") { return "zh-hk" }
        if parts.contains("hant") || parts.contains("tw") { return "zh-tw" }
        return "zh-cn"
    }

    /// The file and face index of the first font fontconfig sorts for the family, language and character
    /// that really has the character (its best match may not).
    private static func match(_ scalar: Unicode.Scalar, language: String?, config: OpaquePointer) -> (String, Int)? {
        guard let pattern = FcPatternCreate() else { return nil }
        defer { FcPatternDestroy(pattern) }
        guard let charset = FcCharSetCreate() else { return nil }
        defer { FcCharSetDestroy(charset) }
        _ = FcCharSetAddChar(charset, scalar.value)
        _ = FcPatternAddCharSet(pattern, "charset", charset)
        _ = preferredFamily.withCString { family in
            family.withMemoryRebound(to: FcChar8.self, capacity: preferredFamily.utf8.count + 1) { FcPatternAddString(pattern, "family", $0) }
        }
        if let language = language.map(fontconfigLanguage) {
            _ = language.withCString { tag in
                tag.withMemoryRebound(to: FcChar8.self, capacity: language.utf8.count + 1) { FcPatternAddString(pattern, "lang", $0) }
            }
        }
        _ = FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let sorted = FcFontSort(config, pattern, FcFalse, nil, &result) else { return nil }
        defer { FcFontSetDestroy(sorted) }
        let fonts = sorted.pointee
        for i in 0..<Int(fonts.nfont) {
            guard let font = fonts.fonts[i] else { continue }
            var fontCharset: OpaquePointer?
            guard FcPatternGetCharSet(font, "charset", 0, &fontCharset) == FcResultMatch, let fontCharset,
                  FcCharSetHasChar(fontCharset, scalar.value) != 0 else { continue }
            var file: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(font, "file", 0, &file) == FcResultMatch, let file else { continue }
            var index: Int32 = 0
            _ = FcPatternGetInteger(font, "index", 0, &index)
            let path = String(cString: file)
            // Only outline fonts FreeType and HarfBuzz both read.
            guard path.hasSuffix(".ttf") || path.hasSuffix(".otf") || path.hasSuffix(".ttc") || path.hasSuffix(".otc") else { continue }
            return (path, Int(index))
        }
        return nil
    }
}
