import Foundation

extension String {
    /// The string without white space (and, with `newlines`, line breaks) at either end, as
    /// `trimmingCharacters(in:)` trims it; returned as it is, without Foundation's character-set walk, when
    /// neither end is Unicode white space (nearly every label). White_Space holds every character of both
    /// of Foundation's sets, so nothing they would trim is kept.
    func trimmed(newlines: Bool = true) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return self }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
