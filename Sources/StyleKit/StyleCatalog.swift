/// The shared style package: every style in `Styles/` with its palettes, validated together. Reading the
/// files is the caller's job; the catalogue only checks and indexes them.
public struct StyleCatalog: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var name: String
        public var description: String
        public var style: Style
        /// The first palette is the style's own colours.
        public var palettes: [Palette]

        public func palette(_ id: String?) -> Palette? {
            guard let id else { return palettes.first }
            return palettes.first { $0.id == id }
        }

        /// The entry with its style's `terrain` raster-dem source reading another DEM (see `StyleCatalog.replacingTerrain`).
        public func replacingTerrain(url: String, encoding: String, maxZoom: Int, attribution: String?) -> Entry {
            var entry = self
            guard var source = entry.style.sources["terrain"], source.type == "raster-dem" else { return entry }
            if url.contains("{z}") {
                source.url = nil
                source.tiles = [url]
            } else {
                source.url = url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("pmtiles://") ? url : "pmtiles://" + url
                source.tiles = []
            }
            source.encoding = encoding
            source.maxZoom = maxZoom
            source.attribution = attribution
            entry.style.sources["terrain"] = source
            return entry
        }
    }

    public let entries: [Entry]

    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// Builds the catalogue from `<id>.json` and `<id>.palettes.json` files. All problems, in every file,
    /// are collected with file names and JSON paths.
    public init(files: [String: [UInt8]]) throws(StyleErrors) {
        var errors: [StyleError] = []
        var entries: [Entry] = []
        let styleFiles = files.keys.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".palettes.json") }.sorted()
        for file in styleFiles {
            let id = String(file.dropLast(".json".count))
            let (entry, entryErrors) = Self.entry(id, style: files[file]!, palettes: files["\(id).palettes.json"])
            errors += entryErrors
            if let entry { entries.append(entry) }
        }
        for file in files.keys.sorted() where file.hasSuffix(".palettes.json") {
            if files[String(file.dropLast(".palettes.json".count)) + ".json"] == nil {
                errors.append(StyleError(.reference, file: file, path: "", "palettes for a style that does not exist"))
            }
        }
        guard errors.isEmpty else { throw StyleErrors(errors: errors) }
        // carto-art's order (`cartopress:order`), then by id.
        self.entries = entries.sorted { ($0.style.order ?? .max, $0.id) < ($1.style.order ?? .max, $1.id) }
    }

    /// One style of the package, checked with its palettes: the entry if it has no problems, and every problem found.
    /// - Parameter palettes: the bytes of `<id>.palettes.json`, nil if there is no such file.
    public static func entry(_ id: String, style bytes: [UInt8], palettes paletteBytes: [UInt8]?) -> (Entry?, [StyleError]) {
        let file = "\(id).json"
        let (parsed, styleErrors) = Style.parseCollectingErrors(bytes, fileName: file)
        guard let style = parsed else { return (nil, styleErrors) }
        let paletteFile = "\(id).palettes.json"
        guard let paletteBytes else {
            return (nil, styleErrors + [StyleError(.missing, file: paletteFile, path: "", "style \"\(id)\" has no palettes file")])
        }
        let (palettes, paletteErrors) = Self.palettes(paletteBytes, file: paletteFile, style: style)
        let errors = styleErrors + paletteErrors + Self.checkMetadata(style, file: file)
        guard errors.isEmpty else { return (nil, errors) }
        var description = ""
        if case .object(let fields)? = style.metadata, case .string(let d)? = fields["cartopress:description"] { description = d }
        return (Entry(id: id, name: style.name ?? id, description: description, style: style, palettes: palettes), [])
    }

    private init(entries: [Entry]) {
        self.entries = entries
    }

    /// The catalogue with every style's `terrain` raster-dem source reading another DEM: a PMTiles path or
    /// URL, a TileJSON document, or an XYZ template (`{z}/{x}/{y}`).
    public func replacingTerrain(url: String, encoding: String, maxZoom: Int, attribution: String?) -> StyleCatalog {
        adjusting { $0.replacingTerrain(url: url, encoding: encoding, maxZoom: maxZoom, attribution: attribution) }
    }

    /// The catalogue with `transform` applied to every entry.
    public func adjusting(_ transform: (Entry) -> Entry) -> StyleCatalog {
        StyleCatalog(entries: entries.map(transform))
    }

    /// Checks the CartoPress metadata of the layers: roles of known colour properties, and `cartopress:when`
    /// naming toggles the style has.
    static func checkMetadata(_ style: Style, file: String) -> [StyleError] {
        var errors: [StyleError] = []
        let toggles = Set(style.toggles.keys)
        for (i, layer) in style.layers.enumerated() {
            let path = "layers[\(i)].metadata"
            for (property, role) in layer.propertyRoles.sorted(by: { $0.key < $1.key }) {
                if !Palette.colorProperties.contains(property) {
                    errors.append(StyleError(.unknownProperty, file: file, path: "\(path).cartopress:roles.\(property)",
                                             "not a colour property a palette can set; known: \(Palette.colorProperties.joined(separator: ", "))"))
                }
                if !Palette.roles.contains(role) {
                    errors.append(StyleError(.reference, file: file, path: "\(path).cartopress:roles.\(property)",
                                             "unknown role \"\(role)\"; known roles: \(Palette.roles.joined(separator: ", "))"))
                }
            }
            for toggle in layer.requiredToggles.keys.sorted() where !toggles.contains(toggle) {
                errors.append(StyleError(.reference, file: file, path: "\(path).cartopress:when.\(toggle)",
                                         "no layer of the style has the toggle \"\(toggle)\""))
            }
        }
        return errors
    }

    static func palettes(_ bytes: [UInt8], file: String, style: Style) -> ([Palette], [StyleError]) {
        var errors: [StyleError] = []
        func report(_ code: StyleError.Code, _ path: String, _ message: String) {
            errors.append(StyleError(code, file: file, path: path, message))
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes, maxDepth: StyleLimits.maxDocumentDepth)
        } catch {
            report(.syntax, "", "not valid JSON: \(error)")
            return ([], errors)
        }
        guard case .object(let root) = json, case .array(let list)? = root["palettes"] else {
            report(.syntax, "", "expected {\"palettes\": [...]}")
            return ([], errors)
        }
        if list.isEmpty { report(.missing, "palettes", "a style needs at least one palette") }
        var palettes: [Palette] = []
        var ids = Set<String>()
        let usedRoles = style.roles
        for (i, item) in list.enumerated() {
            let path = "palettes[\(i)]"
            guard case .object(let fields) = item, case .string(let id)? = fields["id"], case .string(let name)? = fields["name"],
                  case .object(let colorFields)? = fields["colors"] else {
                report(.missing, path, "a palette needs \"id\", \"name\" and \"colors\"")
                continue
            }
            if !ids.insert(id).inserted { report(.reference, "\(path).id", "duplicate palette id \"\(id)\"") }
            var colors: [String: StyleColor] = [:]
            for (role, value) in colorFields.sorted(by: { $0.key < $1.key }) {
                guard Palette.roles.contains(role) else {
                    report(.unknownProperty, "\(path).colors.\(role)", "unknown role; known roles: \(Palette.roles.joined(separator: ", "))")
                    continue
                }
                guard case .string(let text) = value, let color = StyleColor(css: text) else {
                    report(.color, "\(path).colors.\(role)", "\(value.summary) is not a colour")
                    continue
                }
                colors[role] = color
            }
            for role in (usedRoles.union(Palette.requiredRoles)).sorted() where colorFields[role] == nil {
                report(.missing, "\(path).colors", "missing role \"\(role)\", which the style uses")
            }
            palettes.append(Palette(id: id, name: name, colors: colors))
        }
        return (palettes, errors)
    }

    /// The catalogue as `GET /api/v1/styles` serves it: `{styles: [{id, name, description, palettes: [{id,
    /// name, colors: {background, text, primary}}]}]}`.
    public var listing: StyleListing {
        StyleListing(styles: entries.map { entry in
            StyleListing.Style(id: entry.id, name: entry.name, description: entry.description, palettes: entry.palettes.map { palette in
                func hex(_ role: String) -> String { palette.colors[role].map(Self.hex) ?? "" }
                return StyleListing.Palette(id: palette.id, name: palette.name,
                                            colors: .init(background: hex("background"), text: hex("text"), primary: hex("road-primary")))
            }, options: entry.style.toggles.keys.sorted().map { StyleListing.Option(id: $0, default: entry.style.isOnByDefault($0)) })
        })
    }

    static func hex(_ c: StyleColor) -> String {
        func byte(_ v: Double) -> String {
            let s = String(Int((min(max(v, 0), 1) * 255).rounded()), radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(c.r) + byte(c.g) + byte(c.b)
    }
}

/// The API shape of the catalogue.
public struct StyleListing: Codable, Sendable, Equatable {
    public struct Colors: Codable, Sendable, Equatable {
        public var background: String
        public var text: String
        public var primary: String
    }
    public struct Palette: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var colors: Colors
    }
    /// A layer toggle of the style (`options.<id>` of a poster request) and whether it is on by default.
    public struct Option: Codable, Sendable, Equatable {
        public var id: String
        public var `default`: Bool
    }
    public struct Style: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
        public var palettes: [Palette]
        public var options: [Option]
    }
    public var styles: [Style]
}
