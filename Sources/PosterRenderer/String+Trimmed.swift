import Foundation

extension String {
    /// The string without white space (and, with `newlines`, line breaks) at either end, as
    /// `trimmingCharacters(in:)` trims it; returned as it is, without Foundation's character-set walk, when
    /// neither end is Unicode white space (nearly every label). White_Space holds every character of both
    /// of Foundation's sets, so nothing they would trim is kept.
    func trimmed(newlines: Bool = true) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        guard Self.isSpace(first) || Self.isSpace(last) else { return self }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }

    /// Unicode's White_Space property; ASCII is answered without its tables (labels are mostly ASCII).
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }
}
