import Foundation

/// The value of a `collator` expression: how `==`, `!=`, `<`, ... compare strings when given one, and
/// what `resolved-locale` reports.
///
/// MapLibre compares with `Intl.Collator` (ICU) in search mode. StyleKit carries no ICU data, so this is a
/// compact model of it: the root collation's three levels (base letters, then diacritics, then case,
/// lower case first), of which `caseSensitive` and `diacriticSensitive` choose, as the sensitivities
/// `base`, `accent`, `case` and `variant` do. Base letters are ordered by code point (close to the root
/// order for Latin, Greek and Cyrillic text, not for all scripts).
///
/// Locales: beyond the root collation only two tailorings are modelled, because styles use them for
/// labels: German search (ä, ö, ü match ae, oe, ue) and the Nordic alphabets (Swedish and Finnish
/// å < ä < ö, Danish and Norwegian æ < ø < å, all after z). Any other locale compares by the root order.
public struct Collator: Sendable, Hashable {
    public let caseSensitive: Bool
    public let diacriticSensitive: Bool
    /// The requested BCP 47 tag; nil for the default locale.
    public let locale: String?

    public init(caseSensitive: Bool, diacriticSensitive: Bool, locale: String?) {
        self.caseSensitive = caseSensitive
        self.diacriticSensitive = diacriticSensitive
        self.locale = locale
    }

    /// The locale used when none is requested, or the requested one is unknown: `Intl`'s usual default.
    public static let defaultLocale = "en-US"

    /// The requested locale in canonical case (`en-GB`, `zh-Hant-TW`) when its language is one this
    /// model knows, otherwise ``defaultLocale``, as `Intl.Collator` falls back for an unsupported one.
    public var resolvedLocale: String {
        guard let locale, let tag = Self.canonicalTag(locale) else { return Self.defaultLocale }
        return tag
    }

    /// -1, 0 or 1 as `lhs` sorts before, equal to or after `rhs`.
    public func compare(_ lhs: String, _ rhs: String) -> Int {
        let tailoring = Tailoring(locale: locale.flatMap(Self.canonicalTag))
        let a = Self.elements(lhs, tailoring), b = Self.elements(rhs, tailoring)
        if let order = Self.order(a.map(\.primary), b.map(\.primary)) { return order }
        // Equal base letters: the strings have as many elements, so the later levels compare pairwise.
        if diacriticSensitive {
            for (x, y) in zip(a, b) where x.marks != y.marks {
                return Self.order(x.marks, y.marks) ?? 0
            }
        }
        if caseSensitive {
            for (x, y) in zip(a, b) where x.upper != y.upper {
                return x.upper ? 1 : -1
            }
        }
        return 0
    }

    /// One collation element: a base letter (folded to lower case), the diacritics on it, and its case.
    private struct Element {
        var primary: UInt32
        var marks: [UInt32] = []
        var upper = false
    }

    private static func order<T: Comparable>(_ a: [T], _ b: [T]) -> Int? {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? nil : (a.count < b.count ? -1 : 1)
    }

    /// Primary weights are code points scaled by 16, leaving room to place tailored letters between them.
    private static func weight(_ scalar: Unicode.Scalar) -> UInt32 { scalar.value &* 16 }
    private static let afterZ = UInt32(0x7A) * 16

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func elements(_ text: String, _ tailoring: Tailoring) -> [Element] {
        var elements: [Element] = []
        // Canonical decomposition separates base letters from their diacritics (é is e and U+0301).
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if isMark(scalar), !elements.isEmpty {
                elements[elements.count - 1].marks.append(scalar.value)
                continue
            }
            let upper = scalar.properties.changesWhenLowercased
            // The root collation's one Latin expansion in common use: ß (and ẞ) is ss.
            let folded = scalar == "ß" || scalar == "ẞ" ? "ss" : scalar.properties.lowercaseMapping
            for folded in folded.unicodeScalars {
                if isMark(folded), !elements.isEmpty {
                    elements[elements.count - 1].marks.append(folded.value)
                } else {
                    elements.append(Element(primary: weight(folded), upper: upper))
                }
            }
        }
        return tailoring.apply(to: elements)
    }

    /// The locale-specific rules this model knows.
    private enum Tailoring {
        case root, germanSearch, swedish, danish

        init(locale: String?) {
            switch locale?.split(separator: "-").first.map(String.init) {
            case "de"?: self = .germanSearch
            case "sv"?, "fi"?: self = .swedish
            case "da"?, "nb"?, "nn"?, "no"?: self = .danish
            default: self = .root
            }
        }

        private static let diaeresis: UInt32 = 0x308, ringAbove: UInt32 = 0x30A
        private static let a = Collator.weight("a"), e = Collator.weight("e"), o = Collator.weight("o"), u = Collator.weight("u")
        private static let ae = Collator.weight("æ"), oSlash = Collator.weight("ø")

        func apply(to elements: [Element]) -> [Element] {
            guard self != .root else { return elements }
            var out: [Element] = []
            out.reserveCapacity(elements.count)
            for element in elements {
                let (a, o, u, ae, oSlash) = (Self.a, Self.o, Self.u, Self.ae, Self.oSlash)
                var e = element
                func take(_ mark: UInt32) -> Bool {
                    guard let i = e.marks.firstIndex(of: mark) else { return false }
                    e.marks.remove(at: i)
                    return true
                }
                switch self {
                case .germanSearch:
                    // ä, ö, ü are ae, oe, ue with a diacritic on the e.
                    if [a, o, u].contains(e.primary), take(Self.diaeresis) {
                        out.append(e)
                        out.append(Element(primary: Self.e, marks: [Self.diaeresis], upper: e.upper))
                        continue
                    }
                case .swedish:
                    if e.primary == a, take(Self.ringAbove) { e.primary = Collator.afterZ + 1 }
                    else if e.primary == a, take(Self.diaeresis) { e.primary = Collator.afterZ + 2 }
                    else if e.primary == ae { e.primary = Collator.afterZ + 2 }
                    else if e.primary == o, take(Self.diaeresis) { e.primary = Collator.afterZ + 3 }
                    else if e.primary == oSlash { e.primary = Collator.afterZ + 3 }
                case .danish:
                    if e.primary == ae { e.primary = Collator.afterZ + 1 }
                    else if e.primary == a, take(Self.diaeresis) { e.primary = Collator.afterZ + 1 }
                    else if e.primary == oSlash { e.primary = Collator.afterZ + 2 }
                    else if e.primary == o, take(Self.diaeresis) { e.primary = Collator.afterZ + 2 }
                    else if e.primary == a, take(Self.ringAbove) { e.primary = Collator.afterZ + 3 }
                case .root:
                    break
                }
                out.append(e)
            }
            return out
        }
    }

    /// Languages with locale data in ICU's collation (and so in `Intl.Collator`), by ISO 639 code.
    private static let knownLanguages: Set<Substring> = [
        "af", "am", "ar", "as", "az", "be", "bg", "bn", "bo", "bs", "ca", "cs", "cy", "da", "de", "dz", "el", "en", "eo", "es", "et",
        "eu", "fa", "fi", "fil", "fo", "fr", "fy", "ga", "gd", "gl", "gu", "ha", "haw", "he", "hi", "hr", "hu", "hy", "id", "ig", "is",
        "it", "ja", "ka", "kk", "kl", "km", "kn", "ko", "kok", "ku", "ky", "lb", "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "mt",
        "my", "nb", "ne", "nl", "nn", "no", "om", "or", "pa", "pl", "ps", "pt", "ro", "ru", "se", "si", "sk", "sl", "sq", "sr", "sv",
        "sw", "ta", "te", "th", "tk", "to", "tr", "ug", "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo", "yue", "zh", "zu",
    ]

    /// `language[-Script][-REGION]` in canonical case, or nil if malformed or of an unknown language.
    static func canonicalTag(_ tag: String) -> String? {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false).flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard let first = parts.first, parts.count <= 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }) else { return nil }
        let language = first.lowercased()
        guard knownLanguages.contains(Substring(language)) else { return nil }
        var result = [language]
        for part in parts.dropFirst() {
            if part.count == 4, part.allSatisfy(\.isLetter) {
                result.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            } else if (part.count == 2 && part.allSatisfy(\.isLetter)) || (part.count == 3 && part.allSatisfy(\.isNumber)) {
                result.append(part.uppercased())
            } else {
                return nil
            }
        }
        return result.joined(separator: "-")
    }
}
