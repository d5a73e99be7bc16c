import Foundation
public import Geo
import HTTPTransport
import JobQueue
public import PosterPipeline
import PosterRenderer
public import StyleKit

/// Turns a `POST /api/v1/posters/generate` body into a ``PosterOrder``: the web app's schema with its
/// defaults plus the CartoPress extensions. Every problem is collected with its JSON path, so a client
/// sees all of them at once; nothing here throws anything but ``APIError``.
public struct PosterRequestParser: Sendable {
    public var limits: RequestLimits
    /// Style ids and, for each, its palette ids.
    public var styles: [String: [String]]
    /// Style ids and, for each, the option names its layers answer to (``LayerToggles``).
    public var toggles: [String: Set<String>]
    /// Finds the place `location.query` names (the best match of the gazetteer); nil where nothing matches.
    /// Without it, `location.query` is refused.
    public var findPlace: (@Sendable (String) -> GazetteerPlace?)?

    public init(limits: RequestLimits, styles: [String: [String]], toggles: [String: Set<String>]) {
        self.limits = limits
        self.styles = styles
        self.toggles = toggles
    }

    /// A parser for the styles of a catalogue: their palettes and the options their layers answer to.
    public init(limits: RequestLimits, catalog: StyleCatalog) {
        var styles: [String: [String]] = [:], toggles: [String: Set<String>] = [:]
        for entry in catalog.entries {
            styles[entry.id] = entry.palettes.map(\.id)
            toggles[entry.id] = Set(entry.style.toggles.keys)
        }
        self.init(limits: limits, styles: styles, toggles: toggles)
    }

    public func parse(_ body: [UInt8]) throws(APIError) -> PosterOrder {
        guard body.count <= limits.maxBodyBytes else {
            throw APIError(.payloadTooLarge,
                           "the body is \(body.count) bytes; the limit is \(limits.maxBodyBytes)")
        }
        guard !body.isEmpty else {
            throw APIError.invalid([.init(field: "body", reason: "is empty; send a JSON object with at least location{lat,lng}")])
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(body, maxDepth: limits.maxJSONDepth)
        } catch {
            if case .tooDeep = error.kind {
                throw APIError.invalid([.init(field: "body", reason: "nests deeper than \(limits.maxJSONDepth) levels (at byte \(error.offset))")])
            }
            throw APIError.invalid([.init(field: "body", reason: "is not valid JSON: \(error)")])
        }
        var reader = FieldReader()
        let order = read(root, &reader)
        if !reader.unsupported.isEmpty {
            if reader.details.isEmpty {
                let summary = reader.unsupported.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
                throw APIError(.unsupported, "the request asks for what this renderer cannot draw yet: \(summary)",
                               details: reader.unsupported)
            }
        }
        guard reader.details.isEmpty, var order else { throw APIError.invalid(reader.details) }
        let warnings = reader.allWarnings
        order.warnings = warnings.isEmpty ? nil : warnings
        return order
    }

    private func read(_ root: JSONValue, _ r: inout FieldReader) -> PosterOrder? {
        guard case .object(let body) = root else {
            r.fail("body", "must be a JSON object")
            return nil
        }
        r.allowOnly(body, path: "", ["location", "style", "palette", "text", "camera", "options", "bounds", "format", "output",
                                     "resolution", "overlays", "priority", "webhook_url", "timeout_ms"])
        var poster = PosterRequest(spec: PosterSpec(center: LngLat(lng: 0, lat: 0), zoom: 12))
        var order = PosterOrder(poster: poster, timeoutMilliseconds: limits.defaultTimeoutMilliseconds)
        var spec = poster.spec
        var design = PosterDesign()
        var fitOverlays = false

        var namedPlace: GazetteerPlace?
        if let location = r.object(body["location"], "location", required: true) {
            r.allowOnly(location, path: "location", ["lat", "lng", "query"])
            if let query = location["query"], query != .null {
                if location["lat"] != nil || location["lng"] != nil {
                    r.fail("location", "give either lat and lng or query, not both")
                } else if let text = r.string(query, "location.query", maxLength: 200) {
                    namedPlace = place(text, &r)
                    if let namedPlace { spec.center = namedPlace.position }
                }
            } else {
                let lat = Self.latitude(location["lat"], "location.lat", &r, required: true) ?? 0
                let lng = r.number(location["lng"], "location.lng", in: PosterLimits.longitude, required: true) ?? 0
                spec.center = LngLat(lng: lng, lat: lat)
            }
        }

        // An unknown style or palette falls back to the default, as carto-art's does (its own SDK and MCP
        // docs name styles it does not have), and says so.
        if let style = r.string(body["style"], "style", maxLength: 100) {
            if styles[style] != nil {
                poster.style = style
            } else if let match = styles.keys.first(where: { $0.lowercased() == style.lowercased() }) {
                poster.style = match
            } else {
                r.warn("style", "\"\(style)\" is not a style; drawn in \(poster.style) instead (GET /api/v1/styles lists \(styles.keys.sorted().joined(separator: ", ")))")
            }
        }
        if let palette = r.string(body["palette"], "palette", maxLength: 100) {
            let known = styles[poster.style] ?? []
            if known.contains(palette) {
                poster.palette = palette
            } else {
                r.warn("palette", "\"\(palette)\" is not a palette of \(poster.style); drawn in the style's default palette instead")
            }
        }

        // A place found by name titles its own poster unless the text says otherwise.
        if let namedPlace {
            spec.title = String(namedPlace.name.prefix(PosterLimits.titleLength))
            spec.subtitle = String(namedPlace.countryName.prefix(PosterLimits.subtitleLength))
        }
        if let text = r.object(body["text"], "text") {
            r.allowOnly(text, path: "text", ["title", "subtitle", "show_title", "show_subtitle", "show_coordinates", "position", "color",
                                             "backdrop", "title_font", "title_weight", "title_size", "title_letter_spacing", "all_caps"])
            spec.title = r.string(text["title"], "text.title", maxLength: PosterLimits.titleLength) ?? spec.title
            spec.subtitle = r.string(text["subtitle"], "text.subtitle", maxLength: PosterLimits.subtitleLength) ?? spec.subtitle
            spec.showTitle = r.bool(text["show_title"], "text.show_title") ?? true
            spec.showSubtitle = r.bool(text["show_subtitle"], "text.show_subtitle") ?? true
            spec.showCoordinates = r.bool(text["show_coordinates"], "text.show_coordinates") ?? true
            design.textPosition = r.choice(text["position"], "text.position", PosterDesign.TextPosition.self) ?? .bottom
            design.backdrop = r.choice(text["backdrop"], "text.backdrop", PosterDesign.Backdrop.self) ?? .none
            if let family = r.string(text["title_font"], "text.title_font", maxLength: 100) {
                if let match = PosterLimits.titleFamilies.first(where: { $0.lowercased() == family.lowercased() }) {
                    design.titleFamily = match
                } else {
                    r.fail("text.title_font", "\"\(family)\" is not a bundled family; use one of \(PosterLimits.titleFamilies.joined(separator: ", "))")
                }
            }
            design.titleWeight = Self.titleWeight(text["title_weight"], &r)
            design.titleScale = r.number(text["title_size"], "text.title_size", in: PosterLimits.titleScale) ?? 1
            design.titleLetterSpacing = r.number(text["title_letter_spacing"], "text.title_letter_spacing", in: PosterLimits.titleLetterSpacing)
            design.titleAllCaps = r.bool(text["all_caps"], "text.all_caps") ?? true
            design.textColor = r.color(text["color"], "text.color")
        }

        if let camera = r.object(body["camera"], "camera") {
            r.allowOnly(camera, path: "camera", ["zoom", "bearing", "pitch", "fit_overlays"])
            fitOverlays = r.bool(camera["fit_overlays"], "camera.fit_overlays") ?? false
            spec.zoom = r.number(camera["zoom"], "camera.zoom", in: PosterLimits.zoom) ?? 12
            spec.bearing = r.number(camera["bearing"], "camera.bearing", in: PosterLimits.bearing) ?? 0
            spec.pitch = r.number(camera["pitch"], "camera.pitch", in: PosterLimits.pitch) ?? 0
        }

        var centreMarker = false, highResolution = false
        if let options = r.object(body["options"], "options") {
            for (key, value) in options.sorted(by: { $0.key < $1.key }) {
                if key == "label_language" {
                    guard case .string(let tag) = value, let language = LabelLanguage(tag) else {
                        r.fail("options.label_language", "must be \(LabelLanguage.expected)")
                        continue
                    }
                    poster.labelLanguage = language
                    continue
                }
                guard case .bool(let flag) = value else {
                    r.fail("options.\(key)", "must be true or false")
                    continue
                }
                // Nothing is accepted and ignored: each key switches the style's layers, is drawn by the request,
                // or is refused by name.
                switch LayerToggles.verdict(key, flag, style: poster.style, styleToggles: toggles[poster.style] ?? []) {
                case .toggle: poster.toggles[key] = flag
                case .request:
                    if key == "high_res" { highResolution = flag } else { centreMarker = flag }
                case .nothingToHide: break
                case .unsupported(let reason): r.unsupported("options.\(key)", reason)
                case .unknown(let reason): r.warn("options.\(key)", "\(reason); ignored")
                }
            }
        }

        if let bounds = r.object(body["bounds"], "bounds") {
            r.allowOnly(bounds, path: "bounds", ["west", "south", "east", "north"])
            let west = r.number(bounds["west"], "bounds.west", in: PosterLimits.longitude, required: true)
            let south = Self.latitude(bounds["south"], "bounds.south", &r, required: true)
            let east = r.number(bounds["east"], "bounds.east", in: PosterLimits.longitude, required: true)
            let north = Self.latitude(bounds["north"], "bounds.north", &r, required: true)
            if let west, let south, let east, let north {
                if west >= east { r.fail("bounds", "west (\(FieldReader.format(west))) must be less than east (\(FieldReader.format(east)))") }
                if south >= north { r.fail("bounds", "south (\(FieldReader.format(south))) must be less than north (\(FieldReader.format(north)))") }
                poster.bounds = GeoBounds(west: west, south: south, east: east, north: north)
            }
        }

        var aspect: Double?
        var orientation: String?
        if let format = r.object(body["format"], "format") {
            r.allowOnly(format, path: "format", ["aspect_ratio", "orientation", "margin", "border", "mask"])
            if let ratio = r.string(format["aspect_ratio"], "format.aspect_ratio", maxLength: 20), let named = Self.namedRatios[ratio.lowercased()] {
                aspect = named
            } else if let ratio = r.string(format["aspect_ratio"], "format.aspect_ratio", maxLength: 20) {
                let parts = Self.matches(ratio, Self.aspectRatioPattern) ? ratio.split(separator: ":").compactMap { Double($0) } : []
                if parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0].isFinite, parts[1].isFinite,
                   max(parts[0], parts[1]) / min(parts[0], parts[1]) <= PosterLimits.maxAspectRatio {
                    aspect = parts[0] / parts[1]
                } else {
                    r.fail("format.aspect_ratio", "\"\(ratio)\" is not a ratio like 2:3 (each side at most \(FieldReader.format(PosterLimits.maxAspectRatio)) times the other)")
                }
            }
            orientation = r.oneOf(format["orientation"], "format.orientation", ["portrait", "landscape"])
            design.margin = r.number(format["margin"], "format.margin", in: PosterLimits.marginPercent).map { $0 / 100 }
            // A border is a style name, or (as the seed sent it) true for a thin one.
            if case .bool(let flag)? = format["border"] {
                design.border = flag ? .thin : .none
            } else {
                design.border = r.choice(format["border"], "format.border", PosterDesign.Border.self) ?? .none
            }
            if let mask = r.oneOf(format["mask"], "format.mask", ["none", "rectangle", "circle"]) { design.mask = mask == "circle" ? .circle : .rectangle }
        }

        var width: Int?, height: Int?, pixelRatio: Double?
        let sides = limits.poster.side
        if let output = r.object(body["output"], "output") {
            r.allowOnly(output, path: "output", ["format", "width", "height", "pixel_ratio", "dpi"])
            poster.format = r.choice(output["format"], "output.format", PosterFormat.self) ?? .png
            width = r.integer(output["width"], "output.width", in: sides)
            height = r.integer(output["height"], "output.height", in: sides)
            pixelRatio = r.number(output["pixel_ratio"], "output.pixel_ratio", in: PosterLimits.pixelRatio)
            spec.dpi = r.number(output["dpi"], "output.dpi", in: PosterLimits.dpi) ?? 300
            if spec.pitch != 0 && poster.format == .pdf {
                r.unsupported("camera.pitch", "a pitched map is drawn on PNG posters only; ask for output.format png, or pitch 0 for a PDF")
            }
        }
        if let resolution = r.object(body["resolution"], "resolution") {
            r.allowOnly(resolution, path: "resolution", ["width", "height", "pixelRatio"])
            width = width ?? r.integer(resolution["width"], "resolution.width", in: sides)
            height = height ?? r.integer(resolution["height"], "resolution.height", in: sides)
            pixelRatio = pixelRatio ?? r.number(resolution["pixelRatio"], "resolution.pixelRatio", in: PosterLimits.pixelRatio)
        }
        let size = Self.size(width: width, height: height, aspect: aspect, orientation: orientation)
        spec.width = size.width
        spec.height = size.height
        // The web app's default: 2 device pixels per CSS pixel at 2400 px wide, scaled with the size.
        // options.high_res asks for carto-art's high-resolution export; an explicit pixel ratio wins.
        spec.pixelRatio = pixelRatio ?? (highResolution ? LayerToggles.highResolutionPixelRatio
            : min(max(Double(min(size.width, size.height)) / 1200, PosterLimits.pixelRatio.lowerBound), PosterLimits.pixelRatio.upperBound))
        if let problem = limits.poster.sizeProblem(width: size.width, height: size.height) { r.fail("output", problem) }

        if let overlays = r.object(body["overlays"], "overlays") {
            (design.markers, design.routes) = OverlayValidator(maxVertices: limits.poster.maxOverlayVertices).validate(overlays, &r)
            // camera.fit_overlays frames the map on the overlays instead of the location and zoom.
            if fitOverlays, poster.bounds == nil {
                let points = design.routes.flatMap { $0.lines.joined() } + design.markers.map(\.position)
                poster.bounds = GeoBounds(covering: points)?.padded(by: 0.08)
            }
        }
        // carto-art's `marker` option: a pin at the map's centre, in the poster's text colour.
        if centreMarker { design.markers.insert(PosterDesign.Marker(position: spec.center), at: 0) }
        spec.design = design
        poster.spec = spec
        order.poster = poster

        order.priority = r.choice(body["priority"], "priority", JobPriority.self) ?? .normal
        if let url = r.string(body["webhook_url"], "webhook_url", maxLength: 2048) {
            if let problem = Self.webhookProblem(url) {
                r.fail("webhook_url", problem)
            } else {
                order.webhookURL = url
            }
        }
        order.timeoutMilliseconds = r.integer(body["timeout_ms"], "timeout_ms", in: Self.timeoutMilliseconds) ?? limits.defaultTimeoutMilliseconds
        return order
    }

    /// A latitude: any from -90 to 90 is accepted, and one beyond Web Mercator's ±85.0511° is clamped to it
    /// with a warning, as MapLibre clamps it.
    /// The place `location.query` names, or a problem saying that nothing matches.
    func place(_ query: String, _ r: inout FieldReader) -> GazetteerPlace? {
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            r.fail("location.query", "is empty; give a place name such as \"Paris\" or \"Paris, US\"")
            return nil
        }
        guard let findPlace else {
            r.fail("location.query", "place search is not available here; give location{lat,lng}")
            return nil
        }
        guard let place = findPlace(query) else {
            r.fail("location.query", "no place matches \"\(query.prefix(100))\"; give another name (GET /api/geocode?q= lists matches) or location{lat,lng}")
            return nil
        }
        return place
    }

    static func latitude(_ value: JSONValue?, _ field: String, _ r: inout FieldReader, required: Bool = false) -> Double? {
        guard let lat = r.number(value, field, in: PosterLimits.acceptedLatitude, required: required) else { return nil }
        let clamped = min(max(lat, PosterLimits.latitude.lowerBound), PosterLimits.latitude.upperBound)
        if clamped != lat {
            r.warn(field, "\(FieldReader.format(lat)) is beyond Web Mercator's range; clamped to \(FieldReader.format(clamped))")
        }
        return clamped
    }

    /// `text.title_weight`: a name (`bold`) or a CSS number, 100 to 900 in hundreds.
    static func titleWeight(_ value: JSONValue?, _ r: inout FieldReader) -> PosterDesign.TitleWeight? {
        let names = PosterDesign.TitleWeight.names.map { $0.name.lowercased() }.joined(separator: ", ")
        switch value {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let whole = Int(exactly: number), let weight = PosterDesign.TitleWeight(whole) else {
                r.fail("text.title_weight", "is \(FieldReader.format(number)); give 100 to 900 in hundreds, or one of \(names)")
                return nil
            }
            return weight
        case .string(let text)?:
            guard text.count <= 20, let weight = PosterDesign.TitleWeight(name: text) else {
                r.fail("text.title_weight", "is \"\(text.prefix(20))\"; give one of \(names), or 100 to 900 in hundreds")
                return nil
            }
            return weight
        case let other?:
            r.fail("text.title_weight", "must be a name or a number, not \(FieldReader.kind(other))")
            return nil
        }
    }

    /// How long a request may give its render, in milliseconds.
    static let timeoutMilliseconds = 1000...600_000

    /// The poster size from explicit sides, else from the aspect ratio and orientation on a 3600 px long side.
    static func size(width: Int?, height: Int?, aspect: Double?, orientation: String?) -> (width: Int, height: Int) {
        if let width, let height { return (width, height) }
        var ratio = aspect ?? (2.0 / 3.0)
        if let orientation {
            let portrait = orientation == "portrait"
            if (ratio > 1) == portrait { ratio = 1 / ratio }
        }
        if let width { return (width, max(1, Int((Double(width) / ratio).rounded()))) }
        if let height { return (max(1, Int((Double(height) * ratio).rounded())), height) }
        return ratio <= 1 ? (Int((3600 * ratio).rounded()), 3600) : (3600, Int((3600 / ratio).rounded()))
    }

    // The patterns of the OpenAPI document, applied as written there.
    /// Aspect ratios by name: ISO A paper (A4, A3, ...) is 1:√2.
    /// Named ratios, read case-insensitively (carto-art's clients send `ISO`).
    static let namedRatios: [String: Double] = ["iso": 1 / 2.0.squareRoot(), "iso_a": 1 / 2.0.squareRoot(), "iso-a": 1 / 2.0.squareRoot(),
                                                "a4": 1 / 2.0.squareRoot(), "1:√2": 1 / 2.0.squareRoot()]

    static let aspectRatioPattern = "^[0-9]{1,6}(\\.[0-9]{1,6})?:[0-9]{1,6}(\\.[0-9]{1,6})?$"
    /// A host name or IPv4 address, or an IPv6 literal in brackets (RFC 3986); a port; printable ASCII after.
    static let webhookPattern = "^https?://([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?([/?#][!-~]*)?$"

    /// Why `url` cannot be a webhook URL, or nil. Only its form is checked here; where it leads is checked
    /// at every connection, against the addresses it resolves to (the SSRF guard).
    static func webhookProblem(_ url: String) -> String? {
        guard matches(url, webhookPattern), let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else {
            return "\"\(url)\" is not an http or https URL"
        }
        if let open = url.firstIndex(of: "["), let close = url.firstIndex(of: "]") {
            let literal = String(url[url.index(after: open)..<close])
            guard AddressPolicy.ipv6Address(literal) != nil else { return "\"\(literal)\" in \"\(url)\" is not an IPv6 address" }
        }
        if let port = parsed.port, !(1...65_535).contains(port) { return "the port of \"\(url)\" must be 1 to 65535" }
        return nil
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// The limits a request is checked against, from the service configuration.
public struct RequestLimits: Sendable, Hashable {
    public var maxBodyBytes: Int
    public var maxJSONDepth: Int
    /// What the poster may ask for: the shared table, with this service's size limits.
    public var poster: PosterLimits
    public var defaultTimeoutMilliseconds: Int

    public init(_ configuration: ServiceConfiguration) {
        maxBodyBytes = configuration.maxBodyBytes
        maxJSONDepth = configuration.maxJSONDepth
        poster = configuration.posterLimits
        defaultTimeoutMilliseconds = configuration.defaultTimeoutMilliseconds
    }
}
