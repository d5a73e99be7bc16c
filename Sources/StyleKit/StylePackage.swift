import Foundation

/// The style package of `Styles/`, read and checked as it is asked for: a one-shot render parses the one style
/// (and its palettes) it draws, not the whole catalogue, while `catalog()` checks everything together for
/// whoever lists or serves it. What was parsed is kept, so each style is read at most once.
public final class StylePackage: @unchecked Sendable {
    // @unchecked: `entries` and `whole` are only touched under `lock`; the rest is immutable.
    /// The ids of the package's styles (`<id>.json` files), sorted; nothing is parsed to know them.
    public let ids: [String]
    private let fileNames: Set<String>
    private let read: @Sendable (String) -> [UInt8]?
    private let adjust: @Sendable (StyleCatalog.Entry) -> StyleCatalog.Entry
    private let lock = NSLock()
    private var entries: [String: Result<StyleCatalog.Entry, StyleErrors>] = [:]
    private var whole: Result<StyleCatalog, StyleErrors>?

    /// - Parameters:
    ///   - fileNames: the package's files (`<id>.json`, `<id>.palettes.json`); others are ignored.
    ///   - read: the bytes of one of them, nil if it cannot be read.
    ///   - adjust: applied to every entry once it is checked (e.g. `replacingTerrain`).
    public init(fileNames: [String], read: @escaping @Sendable (String) -> [UInt8]?,
                adjust: @escaping @Sendable (StyleCatalog.Entry) -> StyleCatalog.Entry = { $0 }) {
        let jsonFiles = fileNames.filter { $0.hasSuffix(".json") }
        self.fileNames = Set(jsonFiles)
        ids = jsonFiles.filter { !$0.hasSuffix(".palettes.json") }.map { String($0.dropLast(".json".count)) }.sorted()
        self.read = read
        self.adjust = adjust
    }

    /// The style `id` with its palettes, checked on its own; nil if the package has no such style. Its problems
    /// are thrown with file names and JSON paths (the other styles' are not looked for).
    public func entry(_ id: String) throws(StyleErrors) -> StyleCatalog.Entry? {
        guard fileNames.contains("\(id).json") else { return nil }
        let result = lock.withLock { () -> Result<StyleCatalog.Entry, StyleErrors> in
            if let known = entries[id] { return known }
            let result = load(id)
            entries[id] = result
            return result
        }
        return try result.get()
    }

    /// Every style and palette of the package, checked together as `StyleCatalog(files:)` does: for listings,
    /// and for a service that must refuse to start on a broken package.
    public func catalog() throws(StyleErrors) -> StyleCatalog {
        let result = lock.withLock { () -> Result<StyleCatalog, StyleErrors> in
            if let whole { return whole }
            var files: [String: [UInt8]] = [:]
            for name in fileNames { if let bytes = read(name) { files[name] = bytes } }
            let result = Result { () throws(StyleErrors) -> StyleCatalog in try StyleCatalog(files: files).adjusting(adjust) }
            if case .success(let catalog) = result {
                for entry in catalog.entries { entries[entry.id] = .success(entry) }
            }
            whole = result
            return result
        }
        return try result.get()
    }

    /// The style file `id` as written (before palettes, toggles or terrain are applied), for
    /// ``BrowserStyle``; nil if the package has no such style or it is not JSON.
    public func document(_ id: String) -> JSONValue? {
        guard fileNames.contains("\(id).json"), let bytes = read("\(id).json") else { return nil }
        return try? JSONParser.parse(bytes)
    }

    private func load(_ id: String) -> Result<StyleCatalog.Entry, StyleErrors> {
        let file = "\(id).json"
        guard let bytes = read(file) else {
            return .failure(StyleErrors(errors: [StyleError(.missing, file: file, path: "", "the file cannot be read")]))
        }
        let paletteFile = "\(id).palettes.json"
        let (entry, errors) = StyleCatalog.entry(id, style: bytes, palettes: fileNames.contains(paletteFile) ? read(paletteFile) : nil)
        guard let entry, errors.isEmpty else { return .failure(StyleErrors(errors: errors)) }
        return .success(adjust(entry))
    }
}
