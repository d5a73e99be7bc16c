import Foundation

/// A render test's runtime operations (`metadata.test.operations`) applied to its style as static edits, so
/// that the case renders the map as it stands after them: `setPaintProperty`, `setLayoutProperty`,
/// `setFilter`, `addLayer`, `removeLayer`, `setLayerZoomRange`, `addSource`, `removeSource`, `setStyle`,
/// `setZoom`, `setCenter`, `setBearing`, `setPitch`, `setLight`, and `wait`, which a static render need not
/// do. Operations on state a style does not hold (feature state, images added at run time, custom layers)
/// are not applied: such a case is skipped, naming them.
enum RenderTestOperations {
    /// Operations a static render can apply.
    static let supported: Set<String> = ["wait", "idle", "setPaintProperty", "setLayoutProperty", "setFilter", "addLayer", "removeLayer",
                                         "setLayerZoomRange", "addSource", "removeSource", "setStyle", "setZoom", "setCenter",
                                         "setBearing", "setPitch", "setLight"]

    /// The style after its operations, as JSON bytes; the reason when one cannot be applied.
    static func apply(to styleBytes: [UInt8]) -> Result<[UInt8], RenderTestError> {
        guard var style = (try? JSONSerialization.jsonObject(with: Data(styleBytes))) as? [String: Any] else {
            return .failure(RenderTestError("the style is not a JSON object"))
        }
        var metadata = style["metadata"] as? [String: Any] ?? [:]
        var test = metadata["test"] as? [String: Any] ?? [:]
        let operations = test["operations"] as? [[Any]] ?? []
        for (index, operation) in operations.enumerated() {
            guard let name = operation.first as? String else { return .failure(RenderTestError("an operation without a name")) }
            let args = Array(operation.dropFirst())
            // A paint change transitions: the static end state is only right once the waits after it outlast
            // the transition (MapLibre's default is 300 ms; a bare "wait" waits until the map is idle).
            if name == "setPaintProperty", args.count >= 2, let property = args[1] as? String {
                let remaining = waited(after: index, in: operations)
                let needed = transition(of: property, layer: args[0] as? String, in: style)
                if remaining < needed {
                    return .failure(RenderTestError("setPaintProperty of \(property) is drawn \(Int(remaining)) ms into a \(Int(needed)) ms transition; only end states are applied"))
                }
            }
            switch apply(name, args, to: &style) {
            case .success: continue
            case .failure(let error): return .failure(error)
            }
        }
        // The operations are done: what remains is a static style (keeping the test's other settings).
        test["operations"] = nil
        metadata["test"] = test
        style["metadata"] = metadata
        guard let data = try? JSONSerialization.data(withJSONObject: style) else { return .failure(RenderTestError("the edited style is not JSON")) }
        return .success(Array(data))
    }

    /// Milliseconds the operations after `index` wait; a `wait` without a time waits until the map is idle.
    static func waited(after index: Int, in operations: [[Any]]) -> Double {
        var total = 0.0
        for operation in operations.dropFirst(index + 1) where operation.first as? String == "wait" {
            guard operation.count > 1, let ms = operation[1] as? NSNumber else { return .infinity }
            total += ms.doubleValue
        }
        return total
    }

    /// The milliseconds a paint change of `property` takes to finish: its own `<property>-transition`, else
    /// the style's `transition`, else MapLibre's default of 300 ms.
    static func transition(of property: String, layer: String?, in style: [String: Any]) -> Double {
        func total(_ options: Any?) -> Double? {
            guard let options = options as? [String: Any] else { return nil }
            return ((options["duration"] as? NSNumber)?.doubleValue ?? 300) + ((options["delay"] as? NSNumber)?.doubleValue ?? 0)
        }
        let layers = style["layers"] as? [[String: Any]] ?? []
        let paint = layers.first { $0["id"] as? String == layer }?["paint"] as? [String: Any]
        return total(paint?["\(property)-transition"]) ?? total(style["transition"]) ?? 300
    }

    private static func apply(_ name: String, _ args: [Any], to style: inout [String: Any]) -> Result<Void, RenderTestError> {
        var layers = style["layers"] as? [[String: Any]] ?? []
        func layerIndex(_ id: Any?) -> Int? { layers.firstIndex { $0["id"] as? String == id as? String } }
        func missing() -> Result<Void, RenderTestError> { .failure(RenderTestError("\(name): malformed arguments \(args)")) }
        switch name {
        case "wait", "idle":
            return .success(())
        case "setPaintProperty", "setLayoutProperty":
            guard args.count >= 2, let i = layerIndex(args[0]), let property = args[1] as? String else { return missing() }
            let group = name == "setPaintProperty" ? "paint" : "layout"
            var values = layers[i][group] as? [String: Any] ?? [:]
            values[property] = args.count > 2 && !(args[2] is NSNull) ? args[2] : nil
            layers[i][group] = values
        case "setFilter":
            guard let id = args.first, let i = layerIndex(id) else { return missing() }
            layers[i]["filter"] = args.count > 1 && !(args[1] is NSNull) ? args[1] : nil
        case "addLayer":
            guard let layer = args.first as? [String: Any] else { return missing() }
            if args.count > 1, let before = layerIndex(args[1]) { layers.insert(layer, at: before) } else { layers.append(layer) }
        case "removeLayer":
            guard let i = layerIndex(args.first) else { return missing() }
            layers.remove(at: i)
        case "setLayerZoomRange":
            guard args.count >= 3, let i = layerIndex(args[0]) else { return missing() }
            layers[i]["minzoom"] = args[1] is NSNull ? nil : args[1]
            layers[i]["maxzoom"] = args[2] is NSNull ? nil : args[2]
        case "addSource":
            guard args.count >= 2, let id = args[0] as? String, let source = args[1] as? [String: Any] else { return missing() }
            var sources = style["sources"] as? [String: Any] ?? [:]
            sources[id] = source
            style["sources"] = sources
        case "removeSource":
            guard let id = args.first as? String else { return missing() }
            var sources = style["sources"] as? [String: Any] ?? [:]
            sources[id] = nil
            style["sources"] = sources
        case "setStyle":
            // A new style replaces the old, keeping the test's settings (size, pixel ratio, tolerance).
            guard var replacement = args.first as? [String: Any] else {
                return .failure(RenderTestError("setStyle with a URL is not applied; only an inline style is"))
            }
            var metadata = replacement["metadata"] as? [String: Any] ?? [:]
            metadata["test"] = (style["metadata"] as? [String: Any])?["test"]
            replacement["metadata"] = metadata
            style = replacement
            return .success(())
        case "setZoom", "setBearing", "setPitch":
            guard let value = args.first as? NSNumber else { return missing() }
            style[name == "setZoom" ? "zoom" : name == "setBearing" ? "bearing" : "pitch"] = value
        case "setCenter":
            guard let center = args.first as? [Any], center.count == 2 else { return missing() }
            style["center"] = center
        case "setLight":
            guard let light = args.first as? [String: Any] else { return missing() }
            style["light"] = light
        default:
            return .failure(RenderTestError("runtime operation \(name) changes state a style does not hold; not applied"))
        }
        style["layers"] = layers
        return .success(())
    }
}
