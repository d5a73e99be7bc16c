/// A layer's key and value dictionaries, shared by its features.
final class LayerTables: Sendable {
    let name: String
    /// The whole tile's bytes, which the layer's features are ranges of.
    let bytes: [UInt8]
    let keys: [String]
    let values: [PropertyValue]
    /// Per key: whether no earlier key has its name (the one a repeated name resolves to).
    let isFirstOfItsName: [Bool]

    init(name: String, bytes: [UInt8], keys: [String], values: [PropertyValue]) {
        self.name = name
        self.bytes = bytes
        self.keys = keys
        self.values = values
        var seen = Set<String>()
        isFirstOfItsName = keys.map { seen.insert($0).inserted }
    }
}
