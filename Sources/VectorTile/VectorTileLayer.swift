/// One layer of a tile: its dictionaries and where each feature's bytes are (MVT spec 2.1 §4.1).
public struct VectorTileLayer: Sendable {
    public let version: Int
    public let extent: Int
    let tables: LayerTables
    private let featureRanges: [Range<Int>]
    private let decoded = DecodedFeatures()

    public var name: String { tables.name }
    public var keys: [String] { tables.keys }
    public var values: [PropertyValue] { tables.values }
    public var featureCount: Int { featureRanges.count }

    /// The index in ``keys`` that features' tags use for property `key`: the first of that name, as
    /// ``VectorTileFeature/property(_:)`` reads a layer that repeats a name.
    public func keyIndex(_ key: String) -> Int? { tables.keys.firstIndex(of: key) }

    init(_ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, index: Int) throws(VectorTileError) {
        var reader = ProtobufReader(buffer, range: range, location: .layer(index: index))
        var name: String?
        var version: UInt64?
        var extent: UInt64 = 4096
        var keys: [String] = []
        var values: [PropertyValue] = []
        var features: [Range<Int>] = []
        while let (field, wireType) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wireType, .lengthDelimited, field: "name")
                name = reader.string(in: try reader.readLengthDelimited())
            case 2:
                try reader.expect(wireType, .lengthDelimited, field: "features")
                features.append(try reader.readLengthDelimited())
            case 3:
                try reader.expect(wireType, .lengthDelimited, field: "keys")
                keys.append(reader.string(in: try reader.readLengthDelimited()))
            case 4:
                try reader.expect(wireType, .lengthDelimited, field: "values")
                let valueRange = try reader.readLengthDelimited()
                values.append(try Self.value(buffer, valueRange, location: .value(layer: index, index: values.count)))
            case 5:
                try reader.expect(wireType, .varint, field: "extent")
                extent = try reader.readVarint()
            case 15:
                try reader.expect(wireType, .varint, field: "version")
                version = try reader.readVarint()
            default:
                try reader.skip(wireType)
            }
        }
        guard let name else {
            throw VectorTileError(.layerName, .fatal, at: "layer #\(index)", "layer has no name", section: "4.1")
        }
        guard let version else {
            throw VectorTileError(.layerVersion, .fatal, at: "layer \"\(name)\"", "layer has no version", section: "4.1")
        }
        guard version == 1 || version == 2 else {
            throw VectorTileError(.layerVersion, .fatal, at: "layer \"\(name)\"", "unsupported layer version \(version)", section: "4.1")
        }
        guard extent > 0 && extent <= UInt64(Int32.max) else {
            throw VectorTileError(.extent, .fatal, at: "layer \"\(name)\"", "extent \(extent) is not a positive 32-bit value", section: "4.1")
        }
        self.version = Int(version)
        self.extent = Int(extent)
        self.tables = LayerTables(name: name, bytes: bytes, keys: keys, values: values)
        self.featureRanges = features
    }

    /// A `Value` message: exactly one known variant must be present (unknown fields are skipped).
    private static func value(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, location: DecodeLocation) throws(VectorTileError) -> PropertyValue {
        var reader = ProtobufReader(buffer, range: range, location: location)
        var result: PropertyValue?
        while let (field, wireType) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wireType, .lengthDelimited, field: "string_value")
                result = .string(reader.string(in: try reader.readLengthDelimited()))
            case 2:
                try reader.expect(wireType, .fixed32, field: "float_value")
                result = .float(Float(bitPattern: try reader.readFixed32()))
            case 3:
                try reader.expect(wireType, .fixed64, field: "double_value")
                result = .double(Double(bitPattern: try reader.readFixed64()))
            case 4:
                try reader.expect(wireType, .varint, field: "int_value")
                result = .int(Int64(bitPattern: try reader.readVarint()))
            case 5:
                try reader.expect(wireType, .varint, field: "uint_value")
                result = .uint(try reader.readVarint())
            case 6:
                try reader.expect(wireType, .varint, field: "sint_value")
                result = .sint(zigzag64(try reader.readVarint()))
            case 7:
                try reader.expect(wireType, .varint, field: "bool_value")
                result = .bool(try reader.readVarint() != 0)
            case PropertyValue.jsonFieldNumber:
                try reader.expect(wireType, .lengthDelimited, field: "json_value (CartoPress's extension)")
                result = .json(reader.string(in: try reader.readLengthDelimited()))
            default:
                try reader.skip(wireType)
            }
        }
        guard let result else {
            throw VectorTileError(.value, .fatal, at: location, "value has none of the value types the spec defines", section: "4.1")
        }
        return result
    }

    /// Decodes feature `index`'s fields. Throws a recoverable error for a feature that should be skipped
    /// and a fatal one for a malformed tile.
    public func feature(at index: Int) throws(VectorTileError) -> VectorTileFeature {
        try decoded.all(decodeFeatures)[index].get()
    }

    /// Every feature in order, or why it cannot be read: decoded once for the layer and shared, so a loop
    /// over a layer's features should take this once rather than call `feature(at:)` for each.
    public var decodedFeatures: [Result<VectorTileFeature, VectorTileError>] {
        decoded.all(decodeFeatures)
    }

    /// Every feature's header and tags, or why it cannot be read.
    private func decodeFeatures() -> [Result<VectorTileFeature, VectorTileError>] {
        tables.bytes.withUnsafeBufferPointer { buffer in
            featureRanges.indices.map { index in
                do throws(VectorTileError) {
                    return .success(try VectorTileFeature(buffer, range: featureRanges[index], tables: tables, index: index))
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    /// Every feature that decodes, plus the problems of those skipped. Fatal problems still throw.
    public func features() throws(VectorTileError) -> (features: [VectorTileFeature], skipped: [VectorTileError]) {
        var features: [VectorTileFeature] = []
        var skipped: [VectorTileError] = []
        features.reserveCapacity(featureCount)
        for index in 0..<featureCount {
            do throws(VectorTileError) {
                features.append(try feature(at: index))
            } catch where error.severity == .recoverable {
                skipped.append(error)
            }
        }
        return (features, skipped)
    }
}
