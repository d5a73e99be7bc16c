import Foundation

/// The fonts in a directory (`Fonts/`), by name, with the fallback chain used for text.
public final class FontCatalog: Sendable {
    /// Faces by catalogue name (file name without extension).
    public let faces: [String: FontFace]
    /// Names tried, in order, after a text's primary font when it lacks a character.
    public let fallbackNames: [String]
    /// Installed faces for characters the bundled fonts lack (nil: the bundled fonts alone).
    public let systemFonts: SystemFonts?

    /// Loads every `.otf` and `.ttf` file in `directory`.
    /// Loads every `.otf` and `.ttf` file of `directory`. With `systemFonts`, characters none of them has
    /// are set in installed faces found through fontconfig.
    public init(directory: String, fallbackNames: [String] = ["NotoSans-Regular"], systemFonts: Bool = true) throws(CanvasError) {
        self.systemFonts = systemFonts ? SystemFonts() : nil
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CanvasError(.fontLoad, "cannot list the font directory \(directory): set CARTOPRESS_HOME to a CartoPress checkout or installation (the directory that holds Fonts/ and Styles/)")
        }
        var loaded: [String: FontFace] = [:]
        for file in names.sorted() where file.hasSuffix(".otf") || file.hasSuffix(".ttf") {
            let face = try FontFace(path: (directory as NSString).appendingPathComponent(file))
            loaded[face.name] = face
        }
        guard !loaded.isEmpty else {
            throw CanvasError(.fontLoad, "no .otf or .ttf fonts in \(directory)")
        }
        faces = loaded
        self.fallbackNames = fallbackNames.filter { loaded[$0] != nil }
    }

    /// The face called `name`, or an error listing what the catalogue has.
    public func face(named name: String) throws(CanvasError) -> FontFace {
        guard let face = faces[name] else {
            throw CanvasError(.fontLoad, "no font named \(name); available: \(faces.keys.sorted().joined(separator: ", "))")
        }
        return face
    }

    /// A shaper for `primary` followed by the catalogue's fallbacks.
    public func shaper(primary name: String) throws(CanvasError) -> TextShaper {
        let primary = try face(named: name)
        let fallbacks = fallbackNames.filter { $0 != name }.compactMap { faces[$0] }
        return TextShaper(fonts: [primary] + fallbacks, systemFonts: systemFonts)
    }
}
