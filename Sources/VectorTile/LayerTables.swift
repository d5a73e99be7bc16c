/// A layer's key and value dictionaries, shared by its features.
final class LayerTables: Sendable {
    let name: String
    let keys: [String]
    let values: [PropertyValue]
    let keyIndex: [String: Int]

    init(name: String, keys: [String], values: [PropertyValue]) {
        self.name = name
        self.keys = keys
        self.values = values
        var index: [String: Int] = [:]
        for (i, key) in keys.enumerated() where index[key] == nil { index[key] = i }
        keyIndex = index
    }
}
