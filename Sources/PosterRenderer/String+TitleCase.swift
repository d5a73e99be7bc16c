import Foundation

extension String {
    /// The text in capitals as a typesetter sets a title: Greek capitals lose their accents and breathings
    /// (ΑΘΗΝΑ, not ΑΘΉΝΑ; the diaeresis stays), and scripts without case are left as they are.
    func titleUppercased() -> String {
        let upper = uppercased()
        guard upper.unicodeScalars.contains(where: { Self.isGreek($0) }) else { return upper }
        var kept = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in upper.decomposedStringWithCanonicalMapping.unicodeScalars {
            // Acute/tonos, grave, circumflex, psili, dasia, ypogegrammeni on a Greek letter.
            if let previous, Self.isGreek(previous), [0x0301, 0x0300, 0x0342, 0x0313, 0x0314, 0x0345].contains(scalar.value) { continue }
            kept.append(scalar)
            if scalar.properties.generalCategory != .nonspacingMark { previous = scalar }
        }
        return String(kept).precomposedStringWithCanonicalMapping
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        (0x0370...0x03FF).contains(scalar.value) || (0x1F00...0x1FFF).contains(scalar.value)
    }
}
