import Foundation
import Synchronization

/// The fonts in a directory (`Fonts/`), by name, with the fallback chain used for text.
///
/// A face is loaded the first time it is asked for: a one-off render sets its text in three or four of the
/// bundled faces, and loading all of them (FreeType, cairo and HarfBuzz each open the file) took a few
/// milliseconds of every start-up. A service checks them all at start with ``loadAll()``.
public final class FontCatalog: Sendable {
    /// Every face's catalogue name (its file name without the extension), sorted.
    public let names: [String]
    /// Names tried, in order, after a text's primary font when it lacks a character.
    public let fallbackNames: [String]
    /// Installed faces for characters the bundled fonts lack (nil: the bundled fonts alone).
    public let systemFonts: SystemFonts?
    private let paths: [String: String]
    /// Faces loaded so far, by name.
    private let loaded = Mutex<[String: FontFace]>([:])
    /// The face every text can fall back to (Inter Regular where bundled), loaded with the catalogue.
    private let lastResort: FontFace

    /// The `.otf` and `.ttf` files of `directory`, loaded as they are first asked for. With `systemFonts`,
    /// characters none of them has are set in installed faces found through fontconfig.
    public init(directory: String, fallbackNames: [String] = ["NotoSans-Regular"], systemFonts: Bool = true) throws(CanvasError) {
        self.systemFonts = systemFonts ? SystemFonts() : nil
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CanvasError(.fontLoad, "cannot list the font directory \(directory): set CARTOPRESS_HOME to a CartoPress checkout or installation (the directory that holds Fonts/ and Styles/)")
        }
        var paths: [String: String] = [:]
        for file in files.sorted() where file.hasSuffix(".otf") || file.hasSuffix(".ttf") {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            paths[name] = (directory as NSString).appendingPathComponent(file)
        }
        guard !paths.isEmpty else {
            throw CanvasError(.fontLoad, "no .otf or .ttf fonts in \(directory)")
        }
        self.paths = paths
        names = paths.keys.sorted()
        self.fallbackNames = fallbackNames.filter { paths[$0] != nil }
        // Loaded now, so that a catalogue always has one face that loads, and a broken directory fails here.
        let resortName = paths["Inter-Regular"] != nil ? "Inter-Regular" : names[0]
        let resort = try FontFace(path: paths[resortName]!)
        lastResort = resort
        loaded.withLock { $0[resortName] = resort }
    }

    /// The face called `name`, loaded on first use; an error names what the catalogue has, or why the file
    /// does not load.
    public func face(named name: String) throws(CanvasError) -> FontFace {
        guard let path = paths[name] else {
            throw CanvasError(.fontLoad, "no font named \(name); available: \(names.joined(separator: ", "))")
        }
        if let face = loaded.withLock({ $0[name] }) { return face }
        let face = try FontFace(path: path)
        // Two threads may load the same face at once: the first stored is kept, so every caller gets one face.
        return loaded.withLock { faces in
            if let first = faces[name] { return first }
            faces[name] = face
            return face
        }
    }

    /// The face called `name`, or nil if the catalogue has none or its file does not load.
    public func existingFace(_ name: String) -> FontFace? {
        try? face(named: name)
    }

    /// The face every text can fall back to: Inter Regular where bundled, loaded with the catalogue.
    public var fallbackFace: FontFace { lastResort }

    /// Loads every face now, the first failure thrown: a service checks its fonts at start, not mid-poster.
    public func loadAll() throws(CanvasError) {
        for name in names { _ = try face(named: name) }
    }

    /// Every face by name, each loaded (those whose file does not load are left out). For listings and
    /// tests; a render asks for faces by name.
    public var faces: [String: FontFace] {
        var result: [String: FontFace] = [:]
        for name in names { result[name] = existingFace(name) }
        return result
    }

    /// A shaper for `primary` followed by the catalogue's fallbacks.
    public func shaper(primary name: String) throws(CanvasError) -> TextShaper {
        let primary = try face(named: name)
        let fallbacks = fallbackNames.filter { $0 != name }.compactMap { existingFace($0) }
        return TextShaper(fonts: [primary] + fallbacks, systemFonts: systemFonts)
    }
}
