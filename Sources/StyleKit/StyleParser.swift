import Dispatch
import Geo
import Synchronization

/// Walks a style's JSON into the model, reporting problems with key paths.
struct StyleParser {
    let diagnostics: StyleDiagnostics

    func style(_ root: [String: JSONValue]) -> Style {
        if root["version"] != .number(8) {
            diagnostics.report(.type, "version", "expected 8, found \(root["version"]?.summary ?? "nothing")")
        }
        var sources: [String: StyleSource] = [:]
        // Past a limit the style is rejected with that one error: its layers are not read (where the cost
        // lies), and without its sources they would only add an error each.
        var withinLimits = true
        if case .object(let sourceObjects)? = root["sources"], sourceObjects.count > StyleLimits.maxSources {
            diagnostics.report(.limit, "sources", StyleLimits.sourcesMessage(sourceObjects.count))
            withinLimits = false
        } else if case .object(let sourceObjects)? = root["sources"] {
            for (id, json) in sourceObjects.sorted(by: { $0.key < $1.key }) {
                if let source = source(json, path: "sources.\(id)") { sources[id] = source }
            }
        } else {
            diagnostics.report(.missing, "sources", "a style needs a \"sources\" object")
        }
        resolveContourSources(&sources)
        var layers: [StyleLayer] = []
        switch root["layers"] {
        case .array(let layerList)? where layerList.count > StyleLimits.maxLayers:
            diagnostics.report(.limit, "layers", StyleLimits.layersMessage(layerList.count))
        case .array(let layerList)? where withinLimits:
            var ids = Set<String>()
            for (i, (parsed, errors)) in Self.layers(layerList, sources: sources, file: diagnostics.file).enumerated() {
                diagnostics.append(errors)
                guard let layer = parsed else { continue }
                if !ids.insert(layer.id).inserted {
                    diagnostics.report(.reference, "layers[\(i)].id", "duplicate layer id \"\(layer.id)\"")
                    continue
                }
                layers.append(layer)
            }
        case .array?:
            break
        default:
            diagnostics.report(.missing, "layers", "a style needs a \"layers\" array")
        }
        checkRoot(root)
        var center: (lng: Double, lat: Double)?
        if case .array(let c)? = root["center"], c.count == 2, case .number(let lng) = c[0], case .number(let lat) = c[1] {
            center = (lng, lat)
        }
        return Style(name: string(root["name"]), sources: sources, layers: layers, center: center,
                     zoom: number(root["zoom"]), bearing: number(root["bearing"]) ?? 0, pitch: number(root["pitch"]) ?? 0,
                     glyphs: string(root["glyphs"]), sprite: root["sprite"], metadata: root["metadata"], light: light(root["light"]))
    }

    /// Root properties the renderer does not use yet are still checked, so a style that MapLibre rejects
    /// is rejected here too.
    private func checkRoot(_ root: [String: JSONValue]) {
        func number(_ key: String) {
            if let value = root[key], case .number = value {} else if let value = root[key] {
                diagnostics.report(.type, key, "number expected, \(Self.kind(value)) found")
            }
        }
        for key in ["zoom", "bearing", "pitch", "roll", "centerAltitude"] { number(key) }
        if let center = root["center"] {
            if case .array(let items) = center {
                if items.count != 2 { diagnostics.report(.type, "center", "array length 2 expected, length \(items.count) found") }
            } else {
                diagnostics.report(.type, "center", "array expected, \(Self.kind(center)) found")
            }
        }
        if root["constants"] != nil { diagnostics.report(.unknownProperty, "constants", "constants have been deprecated as of v8") }
        if let glyphs = root["glyphs"] {
            if case .string(let url) = glyphs {
                if !url.contains("{fontstack}") { diagnostics.report(.type, "glyphs", "\"glyphs\" url must include a \"{fontstack}\" token") }
                if !url.contains("{range}") { diagnostics.report(.type, "glyphs", "\"glyphs\" url must include a \"{range}\" token") }
            } else {
                diagnostics.report(.type, "glyphs", "string expected, \(Self.kind(glyphs)) found")
            }
        }
        if case .object(let light)? = root["light"] {
            if let anchor = light["anchor"], anchor != .string("map"), anchor != .string("viewport") {
                diagnostics.report(.type, "light.anchor", "expected one of [map, viewport], \(Self.kind(anchor)) found")
            }
            if let position = light["position"], case .array(let items) = position, items.count != 3 {
                diagnostics.report(.type, "light.position", "array length 3 expected, length \(items.count) found")
            }
            if let color = light["color"] {
                if case .string(let text) = color, StyleColor(css: text) != nil {} else {
                    diagnostics.report(.color, "light.color", "color expected, \(Self.kind(color)) found")
                }
            }
            if case .number(let intensity)? = light["intensity"], !(0...1).contains(intensity) {
                diagnostics.report(.type, "light.intensity", "\(intensity) is outside 0...1")
            }
        }
        if case .object(let terrain)? = root["terrain"] {
            if let source = terrain["source"], case .string = source {} else if let source = terrain["source"] {
                diagnostics.report(.type, "terrain.source", "string expected, \(Self.kind(source)) found")
            }
            if let value = terrain["exaggeration"], case .number = value {} else if let value = terrain["exaggeration"] {
                diagnostics.report(.type, "terrain.exaggeration", "number expected, \(Self.kind(value)) found")
            }
        }
    }

    static func kind(_ json: JSONValue) -> String {
        switch json {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string(let s): "\"\(s)\""
        case .array: "array"
        case .object: "object"
        }
    }

    private func string(_ json: JSONValue?) -> String? {
        if case .string(let v)? = json { return v }
        return nil
    }

    private func number(_ json: JSONValue?) -> Double? {
        if case .number(let v)? = json { return v }
        return nil
    }

    private func source(_ json: JSONValue, path: String) -> StyleSource? {
        guard case .object(let object) = json else {
            diagnostics.report(.type, path, "expected an object, found \(json.summary)")
            return nil
        }
        guard case .string(let type)? = object["type"] else {
            diagnostics.report(.missing, "\(path).type", "a source needs a \"type\"")
            return nil
        }
        let known = ["vector", "raster", "raster-dem", "geojson", "image", "video"]
        guard known.contains(type) else {
            diagnostics.report(.type, "\(path).type", "unknown source type \"\(type)\"; expected one of \(known.joined(separator: ", "))")
            return nil
        }
        var tiles: [String] = []
        if case .array(let list)? = object["tiles"] { tiles = list.compactMap { if case .string(let s) = $0 { s } else { nil } } }
        var source = StyleSource(type: type, url: string(object["url"]), tiles: tiles,
                                 minZoom: Self.zoomLevel(number(object["minzoom"]) ?? 0),
                                 // A GeoJSON source is cut into tiles up to zoom 18 by default, others to 22.
                                 maxZoom: Self.zoomLevel(number(object["maxzoom"]) ?? (type == "geojson" ? 18 : 22)),
                                 scheme: string(object["scheme"]) ?? "xyz", tileSize: min(max(Runtime.clampedInt(number(object["tileSize"]) ?? 512), 1), 8192))
        source.attribution = string(object["attribution"])
        // TileJSON's bounds: tiles wholly outside are never requested, as MapLibre does not request them.
        if case .array(let edges)? = object["bounds"] {
            let numbers = edges.compactMap { edge -> Double? in if case .number(let n) = edge { n } else { nil } }
            if numbers.count == 4, numbers[0] <= numbers[2], numbers[1] <= numbers[3] {
                source.bounds = GeoBounds(west: max(numbers[0], -180), south: max(numbers[1], -90), east: min(numbers[2], 180), north: min(numbers[3], 90))
            } else {
                diagnostics.report(.type, "\(path).bounds", "expected [west, south, east, north] with west ≤ east and south ≤ north")
            }
        }
        if type == "geojson" {
            source.data = object["data"]
            source.clusters = object["cluster"] == .bool(true)
        }
        if type == "image", case .array(let corners)? = object["coordinates"] {
            let points = corners.compactMap { corner -> LngLat? in
                guard case .array(let pair) = corner, pair.count >= 2, case .number(let lng) = pair[0], case .number(let lat) = pair[1] else { return nil }
                return LngLat(lng: lng, lat: lat)
            }
            if points.count == 4 {
                source.coordinates = points
            } else {
                diagnostics.report(.type, "\(path).coordinates", "expected four [lng, lat] corners")
            }
        }
        if type == "raster-dem", let encoding = object["encoding"] {
            if case .string(let name) = encoding, name == "mapbox" || name == "terrarium" {
                source.encoding = name
            } else {
                diagnostics.report(.type, "\(path).encoding", "expected one of [terrarium, mapbox], \(Self.kind(encoding)) found")
            }
        }
        if type == "vector", let index = tiles.firstIndex(where: { $0.hasPrefix(ContourSourceOptions.scheme) }) {
            do {
                let parsed = try ContourSourceOptions.parse(tiles[index])
                source.contours = parsed.options
            } catch {
                diagnostics.report(.type, "\(path).tiles[\(index)]", error.message)
            }
        }
        return source
    }

    /// Points each contour source at its raster-dem source: the one it names, or the style's only one.
    private func resolveContourSources(_ sources: inout [String: StyleSource]) {
        let dems = sources.filter { $0.value.type == "raster-dem" }.keys.sorted()
        for (id, source) in sources {
            guard var options = source.contours else { continue }
            let path = "sources.\(id).tiles[\(source.tiles.firstIndex { $0.hasPrefix(ContourSourceOptions.scheme) } ?? 0)]"
            if options.demSource.isEmpty {
                guard dems.count == 1 else {
                    diagnostics.report(.reference, path, dems.isEmpty
                        ? "a dem-contour source needs a raster-dem source in \"sources\" to compute its lines from"
                        : "the style has several raster-dem sources (\(dems.joined(separator: ", "))); name one with source=ID")
                    sources[id]?.contours = nil
                    continue
                }
                options.demSource = dems[0]
            } else if !dems.contains(options.demSource) {
                diagnostics.report(.reference, path, "source=\(options.demSource) is not a raster-dem source of this style; its raster-dem sources: \(dems.isEmpty ? "none" : dems.joined(separator: ", "))")
                sources[id]?.contours = nil
                continue
            }
            sources[id]?.contours = options
        }
    }

    /// Each layer of `list` and the errors found in it, in order. Layers are independent of one another, so
    /// they are parsed on every core: a style's layers are most of the time a render spends before it can
    /// read its tiles (osm-liberty's 100 or so take about 3 ms on one core).
    private static func layers(_ list: [JSONValue], sources: [String: StyleSource], file: String) -> [(StyleLayer?, [StyleError])] {
        let slots = Mutex<[(StyleLayer?, [StyleError])?]>(Array(repeating: nil, count: list.count))
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            let diagnostics = StyleDiagnostics(file: file)
            let layer = StyleParser(diagnostics: diagnostics).layer(list[i], path: "layers[\(i)]", sources: sources)
            let errors = diagnostics.errors
            slots.withLock { $0[i] = (layer, errors) }
        }
        return slots.withLock { $0.map { $0! } }
    }

    private func layer(_ json: JSONValue, path: String, sources: [String: StyleSource]) -> StyleLayer? {
        guard case .object(let object) = json else {
            diagnostics.report(.type, path, "expected a layer object, found \(json.summary)")
            return nil
        }
        guard case .string(let id)? = object["id"] else {
            diagnostics.report(.missing, "\(path).id", "a layer needs a string \"id\"")
            return nil
        }
        guard case .string(let typeName)? = object["type"] else {
            diagnostics.report(.missing, "\(path).type", "layer \"\(id)\" needs a \"type\"")
            return nil
        }
        let type = StyleLayerType(rawValue: typeName)
        let source = string(object["source"])
        if type != .background && type != nil {
            if let source {
                if sources[source] == nil { diagnostics.report(.reference, "\(path).source", "source \"\(source)\" is not defined in \"sources\"") }
            } else {
                diagnostics.report(.missing, "\(path).source", "layer \"\(id)\" of type \(typeName) needs a \"source\"")
            }
        }
        var paintObject: [String: JSONValue] = [:]
        var layoutObject: [String: JSONValue] = [:]
        if let paint = object["paint"] {
            if case .object(let p) = paint { paintObject = p } else { diagnostics.report(.type, "\(path).paint", "expected an object, found \(paint.summary)") }
        }
        if let layout = object["layout"] {
            if case .object(let l) = layout { layoutObject = l } else { diagnostics.report(.type, "\(path).layout", "expected an object, found \(layout.summary)") }
        }
        if let knownPaint = StyleSpecDefaults.paintProperties[typeName], let knownLayout = StyleSpecDefaults.layoutProperties[typeName] {
            for key in paintObject.keys.sorted() where !knownPaint.contains(key) {
                // `<property>-transition` (a duration and delay for run-time changes) belongs to every paint
                // property; a poster is one static frame, so it has nothing to do.
                if key.hasSuffix("-transition"), knownPaint.contains(String(key.dropLast("-transition".count))) {
                    if case .object = paintObject[key] ?? .null { continue }
                    diagnostics.report(.type, "\(path).paint.\(key)", "expected an object {duration, delay}")
                    continue
                }
                diagnostics.report(.unknownProperty, "\(path).paint.\(key)", "unknown paint property for a \(typeName) layer")
            }
            for key in layoutObject.keys.sorted() where !knownLayout.contains(key) {
                diagnostics.report(.unknownProperty, "\(path).layout.\(key)", "unknown layout property for a \(typeName) layer")
            }
        }
        var visible = true
        if let visibility = layoutObject["visibility"] {
            switch visibility {
            case .string("visible"): visible = true
            case .string("none"): visible = false
            default: diagnostics.report(.type, "\(path).layout.visibility", "expected \"visible\" or \"none\", found \(visibility.summary)")
            }
        }
        let filter = object["filter"].flatMap { FilterParser(diagnostics: diagnostics).parse($0, path: "\(path).filter") }
        let properties = PropertyParser(diagnostics: diagnostics)
        func paint<T: StylePropertyType>(_ key: String, _ type: T.Type, into target: inout StyleProperty<T>) {
            if let json = paintObject[key], let value = properties.parse(json, as: type, path: "\(path).paint.\(key)", fallback: target.evaluate(zoom: 0)) { target = value }
        }
        /// A property with no default value in the model (nil when the style leaves it out).
        func optional<T: StylePropertyType>(_ key: String, _ type: T.Type, layout isLayout: Bool = false, fallback: T) -> StyleProperty<T>? {
            let object = isLayout ? layoutObject : paintObject
            return object[key].flatMap { properties.parse($0, as: type, path: "\(path).\(isLayout ? "layout" : "paint").\(key)", fallback: fallback) }
        }
        func layout<T: StylePropertyType>(_ key: String, _ type: T.Type, into target: inout StyleProperty<T>, allowed: Set<String>? = nil) {
            guard let json = layoutObject[key], let value = properties.parse(json, as: type, path: "\(path).layout.\(key)", fallback: target.evaluate(zoom: 0)) else { return }
            if let allowed, case .constant(let s as String) = value.kind, !allowed.contains(s) {
                diagnostics.report(.type, "\(path).layout.\(key)", "expected one of \(allowed.sorted().joined(separator: ", ")), found \"\(s)\"")
                return
            }
            target = value
        }
        var layer = StyleLayer(id: id, type: type, typeName: typeName, source: source, sourceLayer: string(object["source-layer"]),
                               minZoom: number(object["minzoom"]) ?? -.infinity, maxZoom: number(object["maxzoom"]) ?? .infinity,
                               isVisible: visible, filter: filter, rawPaint: paintObject, rawLayout: layoutObject, metadata: object["metadata"])
        switch type {
        case .background:
            var p = BackgroundLayerPaint()
            paint("background-color", StyleColor.self, into: &p.color)
            paint("background-opacity", Double.self, into: &p.opacity)
            p.pattern = optional("background-pattern", String.self, fallback: "")
            layer.background = p
        case .fill:
            var p = FillLayerPaint()
            paint("fill-color", StyleColor.self, into: &p.color)
            paint("fill-opacity", Double.self, into: &p.opacity)
            paint("fill-antialias", Bool.self, into: &p.antialias)
            paint("fill-translate", NumberPair.self, into: &p.translate)
            paint("fill-translate-anchor", String.self, into: &p.translateAnchor)
            p.outlineColor = optional("fill-outline-color", StyleColor.self, fallback: .black)
            p.pattern = optional("fill-pattern", String.self, fallback: "")
            p.sortKey = optional("fill-sort-key", Double.self, layout: true, fallback: 0)
            layer.fill = p
        case .line:
            var p = LineLayerPaint()
            paint("line-color", StyleColor.self, into: &p.color)
            paint("line-width", Double.self, into: &p.width)
            paint("line-opacity", Double.self, into: &p.opacity)
            paint("line-gap-width", Double.self, into: &p.gapWidth)
            paint("line-offset", Double.self, into: &p.offset)
            paint("line-blur", Double.self, into: &p.blur)
            paint("line-translate", NumberPair.self, into: &p.translate)
            paint("line-translate-anchor", String.self, into: &p.translateAnchor)
            p.dashArray = optional("line-dasharray", NumberArray.self, fallback: NumberArray([]))
            layout("line-cap", String.self, into: &p.cap, allowed: ["butt", "round", "square"])
            layout("line-join", String.self, into: &p.join, allowed: ["bevel", "round", "miter"])
            layout("line-miter-limit", Double.self, into: &p.miterLimit)
            layout("line-round-limit", Double.self, into: &p.roundLimit)
            p.pattern = optional("line-pattern", String.self, fallback: "")
            p.gradient = optional("line-gradient", StyleColor.self, fallback: StyleColor(r: 0, g: 0, b: 0, a: 0))
            p.sortKey = optional("line-sort-key", Double.self, layout: true, fallback: 0)
            layer.line = p
        case .raster:
            var p = RasterLayerPaint()
            paint("raster-opacity", Double.self, into: &p.opacity)
            paint("raster-brightness-min", Double.self, into: &p.brightnessMin)
            paint("raster-brightness-max", Double.self, into: &p.brightnessMax)
            paint("raster-contrast", Double.self, into: &p.contrast)
            paint("raster-saturation", Double.self, into: &p.saturation)
            paint("raster-hue-rotate", Double.self, into: &p.hueRotate)
            paint("raster-resampling", String.self, into: &p.resampling)
            layer.raster = p
        case .symbol:
            var p = SymbolLayerPaint()
            if let json = layoutObject["text-field"] {
                p.textField = properties.parse(json, as: FormattedText.self, path: "\(path).layout.text-field", fallback: FormattedText(""))
                if case .string = json { p.textFieldIsTokenString = true }
            }
            layout("text-font", StringArray.self, into: &p.textFont)
            layout("text-size", Double.self, into: &p.textSize)
            layout("text-transform", String.self, into: &p.textTransform, allowed: ["none", "uppercase", "lowercase"])
            layout("text-letter-spacing", Double.self, into: &p.textLetterSpacing)
            layout("text-line-height", Double.self, into: &p.textLineHeight)
            layout("text-max-width", Double.self, into: &p.textMaxWidth)
            layout("text-anchor", String.self, into: &p.textAnchor,
                   allowed: ["center", "left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"])
            layout("text-offset", NumberPair.self, into: &p.textOffset)
            layout("text-radial-offset", Double.self, into: &p.textRadialOffset)
            layout("text-justify", String.self, into: &p.textJustify, allowed: ["auto", "left", "center", "right"])
            layout("text-max-angle", Double.self, into: &p.textMaxAngle)
            layout("text-rotate", Double.self, into: &p.textRotate)
            layout("text-padding", Double.self, into: &p.textPadding)
            layout("text-allow-overlap", Bool.self, into: &p.textAllowOverlap)
            layout("text-ignore-placement", Bool.self, into: &p.textIgnorePlacement)
            layout("text-optional", Bool.self, into: &p.textOptional)
            layout("text-keep-upright", Bool.self, into: &p.textKeepUpright)
            layout("symbol-placement", String.self, into: &p.placement, allowed: ["point", "line", "line-center"])
            layout("symbol-spacing", Double.self, into: &p.spacing)
            p.sortKey = optional("symbol-sort-key", Double.self, layout: true, fallback: 0)
            layout("symbol-z-order", String.self, into: &p.zOrder, allowed: ["auto", "viewport-y", "source"])
            paint("text-color", StyleColor.self, into: &p.textColor)
            paint("text-opacity", Double.self, into: &p.textOpacity)
            paint("text-halo-color", StyleColor.self, into: &p.textHaloColor)
            paint("text-halo-width", Double.self, into: &p.textHaloWidth)
            paint("text-halo-blur", Double.self, into: &p.textHaloBlur)
            paint("text-translate", NumberPair.self, into: &p.textTranslate)
            paint("text-translate-anchor", String.self, into: &p.textTranslateAnchor)
            let overlapModes: Set<String> = ["never", "always", "cooperative"]
            p.textOverlap = optional("text-overlap", String.self, layout: true, fallback: "never")
            if let json = layoutObject["icon-image"] {
                p.iconImage = properties.parse(json, as: ImageName.self, path: "\(path).layout.icon-image", fallback: ImageName(""))
                if case .string = json { p.iconImageIsTokenString = true }
            }
            layout("icon-size", Double.self, into: &p.iconSize)
            layout("icon-rotate", Double.self, into: &p.iconRotate)
            layout("icon-anchor", String.self, into: &p.iconAnchor,
                   allowed: ["center", "left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"])
            layout("icon-offset", NumberPair.self, into: &p.iconOffset)
            layout("icon-padding", Double.self, into: &p.iconPadding)
            layout("icon-text-fit", String.self, into: &p.iconTextFit, allowed: ["none", "width", "height", "both"])
            layout("icon-text-fit-padding", NumberQuad.self, into: &p.iconTextFitPadding)
            layout("icon-allow-overlap", Bool.self, into: &p.iconAllowOverlap)
            layout("icon-ignore-placement", Bool.self, into: &p.iconIgnorePlacement)
            layout("icon-optional", Bool.self, into: &p.iconOptional)
            p.iconOverlap = optional("icon-overlap", String.self, layout: true, fallback: "never")
            for (key, value) in [("text-overlap", p.textOverlap), ("icon-overlap", p.iconOverlap)] {
                if case .constant(let mode)? = value?.kind, !overlapModes.contains(mode) {
                    diagnostics.report(.type, "\(path).layout.\(key)", "expected one of always, cooperative, never, found \"\(mode)\"")
                }
            }
            layout("icon-rotation-alignment", String.self, into: &p.iconRotationAlignment, allowed: ["map", "viewport", "auto"])
            layout("icon-pitch-alignment", String.self, into: &p.iconPitchAlignment, allowed: ["map", "viewport", "auto"])
            layout("icon-keep-upright", Bool.self, into: &p.iconKeepUpright)
            paint("icon-color", StyleColor.self, into: &p.iconColor)
            paint("icon-opacity", Double.self, into: &p.iconOpacity)
            paint("icon-halo-color", StyleColor.self, into: &p.iconHaloColor)
            paint("icon-halo-width", Double.self, into: &p.iconHaloWidth)
            paint("icon-halo-blur", Double.self, into: &p.iconHaloBlur)
            paint("icon-translate", NumberPair.self, into: &p.iconTranslate)
            paint("icon-translate-anchor", String.self, into: &p.iconTranslateAnchor)
            layer.symbol = p
        case .circle:
            var p = CircleLayerPaint()
            paint("circle-radius", Double.self, into: &p.radius)
            paint("circle-color", StyleColor.self, into: &p.color)
            paint("circle-opacity", Double.self, into: &p.opacity)
            paint("circle-blur", Double.self, into: &p.blur)
            paint("circle-stroke-width", Double.self, into: &p.strokeWidth)
            paint("circle-stroke-color", StyleColor.self, into: &p.strokeColor)
            paint("circle-stroke-opacity", Double.self, into: &p.strokeOpacity)
            paint("circle-translate", NumberPair.self, into: &p.translate)
            paint("circle-translate-anchor", String.self, into: &p.translateAnchor)
            paint("circle-pitch-scale", String.self, into: &p.pitchScale)
            paint("circle-pitch-alignment", String.self, into: &p.pitchAlignment)
            p.sortKey = optional("circle-sort-key", Double.self, layout: true, fallback: 0)
            layer.circle = p
        case .hillshade:
            var p = HillshadeLayerPaint()
            paint("hillshade-illumination-direction", Double.self, into: &p.illuminationDirection)
            paint("hillshade-illumination-anchor", String.self, into: &p.illuminationAnchor)
            paint("hillshade-exaggeration", Double.self, into: &p.exaggeration)
            paint("hillshade-shadow-color", StyleColor.self, into: &p.shadowColor)
            paint("hillshade-highlight-color", StyleColor.self, into: &p.highlightColor)
            paint("hillshade-accent-color", StyleColor.self, into: &p.accentColor)
            layer.hillshade = p
        case .heatmap:
            layer.heatmap = heatmapPaint(paintObject, path: path)
        case .fillExtrusion:
            layer.fillExtrusion = fillExtrusionPaint(paintObject, path: path)
        default:
            break
        }
        return layer
    }

    /// A source's zoom bound as a tile zoom: whole, 0 to 30 (MapLibre's range); what a style states beyond
    /// it is clamped, never trapped on.
    static func zoomLevel(_ value: Double) -> Int { min(max(Runtime.clampedInt(value), 0), 30) }
}
