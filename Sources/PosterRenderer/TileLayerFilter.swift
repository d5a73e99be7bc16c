import StyleKit
import VectorTile

/// A style layer's filter compiled against one tile layer's dictionaries (MVT spec 2.1 §4.1): a test of a
/// property becomes the property's key index and a verdict for each value index, decided the first time a
/// feature has that value, so that filtering a feature reads its tags as integers instead of comparing key
/// names and converting values for every feature of every style layer (a fifth of preparing osm-liberty).
/// Tests of the geometry type are decided once per type; anything else (expressions, feature ids) is asked
/// of the feature's context, as ``StyleFilter/matches(_:zoom:)`` asks it.
struct TileLayerFilter {
    private indirect enum Node {
        case constant(Bool)
        case all([Node])
        case any([Node])
        case not(Node)
        /// A test of one property: the layer's key index, the test's place in `tests`, and the verdict for a
        /// feature without the property.
        case property(key: Int, test: Int, missing: Bool)
        /// Verdicts by geometry type, indexed by the tile's type number (unknown, point, line, polygon).
        case geometry([Bool])
        case other(StyleFilter)
    }

    private let root: Node
    /// The property tests and the name each reads.
    private let tests: [(filter: StyleFilter, key: String)]
    /// Per test, a verdict per value index: 0 not decided yet, 1 fails, 2 passes.
    private var verdicts: [UInt8]
    private let values: [PropertyValue]
    private let zoom: Double

    init(_ filter: StyleFilter, layer: VectorTileLayer, zoom: Double) {
        var tests: [(filter: StyleFilter, key: String)] = []
        func compile(_ filter: StyleFilter) -> Node {
            switch filter {
            case .always(let value):
                return .constant(value)
            case .all(let filters):
                return .all(filters.map(compile))
            case .any(let filters):
                return .any(filters.map(compile))
            case .not(let inner):
                return .not(compile(inner))
            case .compare(.property(let key), _, _), .membership(.property(let key), _), .has(let key):
                let missing = filter.matches(OneValue(key: key, value: nil), zoom: zoom)
                // A name the tile layer never uses: no feature has it.
                guard let index = layer.keyIndex(key) else { return .constant(missing) }
                tests.append((filter, key))
                return .property(key: index, test: tests.count - 1, missing: missing)
            case .compare(.geometryType, _, _), .membership(.geometryType, _):
                let types = (0...3).compactMap { GeometryType(rawValue: $0) }.map(TileFeatureContext.geometryType)
                return .geometry(types.map { filter.matches(OneValue(geometry: $0), zoom: zoom) })
            default:
                return .other(filter)
            }
        }
        root = compile(filter)
        self.tests = tests
        values = layer.values
        verdicts = [UInt8](repeating: 0, count: tests.count * layer.values.count)
        self.zoom = zoom
    }

    /// Whether `feature` passes the filter; `context` makes its context for the tests that need the whole of it.
    mutating func matches(_ feature: VectorTileFeature, context: () -> TileFeatureContext) -> Bool {
        evaluate(root, feature, context)
    }

    private mutating func evaluate(_ node: Node, _ feature: VectorTileFeature, _ context: () -> TileFeatureContext) -> Bool {
        switch node {
        case .constant(let verdict):
            return verdict
        case .all(let nodes):
            for node in nodes where !evaluate(node, feature, context) { return false }
            return true
        case .any(let nodes):
            for node in nodes where evaluate(node, feature, context) { return true }
            return false
        case .not(let node):
            return !evaluate(node, feature, context)
        case .property(let key, let test, let missing):
            guard let value = feature.valueIndex(forKey: key), value < values.count else { return missing }
            let slot = test * values.count + value
            switch verdicts[slot] {
            case 1: return false
            case 2: return true
            default:
                let verdict = tests[test].filter.matches(OneValue(key: tests[test].key, value: TileFeatureContext.styleValue(values[value])),
                                                         zoom: zoom)
                verdicts[slot] = verdict ? 2 : 1
                return verdict
            }
        case .geometry(let verdicts):
            return verdicts[Int(feature.type.rawValue)]
        case .other(let filter):
            return filter.matches(context(), zoom: zoom)
        }
    }
}

/// A feature as one test of a filter sees it: one property, or its geometry type.
private struct OneValue: FeatureContext {
    var key = ""
    var value: StyleValue?
    var geometry = FeatureGeometryType.unknown

    var geometryType: FeatureGeometryType { geometry }
    var featureID: StyleValue? { nil }
    func property(_ name: String) -> StyleValue? { name == key ? value : nil }
}
