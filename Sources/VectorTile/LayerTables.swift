/// A layer's key and value dictionaries, shared by its features.
final class LayerTables: Sendable {
    let name: String
    let keys: [String]
    let values: [PropertyValue]
    let keyIndex: [String: Int]
    /// Per key: whether no earlier key has its name (the one a repeated name resolves to).
    let isFirstOfItsName: [Bool]

    init(name: String, keys: [String], values: [PropertyValue]) {
        self.name = name
        self.keys = keys
        self.values = values
        var index: [String: Int] = [:]
        for (i, key) in keys.enumerated() where index[key] == nil { index[key] = i }
        keyIndex = index
        isFirstOfItsName = keys.indices.map { index[keys[$0]] == $0 }
    }
}
