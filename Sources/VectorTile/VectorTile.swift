/// A decoded Mapbox Vector Tile (spec 2.1). Layers are indexed when the tile is read; features decode
/// their fields when asked and their geometry only when visited.
public struct VectorTile: Sendable {
    public let layers: [VectorTileLayer]
    /// Recoverable problems met while indexing, such as a repeated layer name (that layer is skipped).
    public let warnings: [VectorTileError]

    /// Reads uncompressed tile bytes. Throws for problems that make the tile unusable.
    public init(bytes: [UInt8]) throws(VectorTileError) {
        var layers: [VectorTileLayer] = []
        var warnings: [VectorTileError] = []
        var names = Set<String>()
        let result: Result<Void, VectorTileError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(VectorTileError) {
                var reader = ProtobufReader(buffer, range: 0..<buffer.count, location: .tile)
                while let (field, wireType) = try reader.readTag() {
                    guard field == 3 else {
                        try reader.skip(wireType)
                        continue
                    }
                    try reader.expect(wireType, .lengthDelimited, field: "layers")
                    let range = try reader.readLengthDelimited()
                    let layer = try VectorTileLayer(bytes, buffer, range: range, index: layers.count + warnings.count)
                    if names.insert(layer.name).inserted {
                        layers.append(layer)
                    } else {
                        warnings.append(VectorTileError(.duplicateLayer, .recoverable, at: "layer \"\(layer.name)\"",
                                                        "a second layer with this name is skipped", section: "4.1"))
                    }
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        self.layers = layers
        self.warnings = warnings
    }

    public func layer(named name: String) -> VectorTileLayer? {
        layers.first { $0.name == name }
    }
}
