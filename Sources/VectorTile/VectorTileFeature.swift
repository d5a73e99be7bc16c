/// One feature: its id, type and tags decoded; its geometry kept as bytes until visited
/// (MVT spec 2.1 §4.2).
public struct VectorTileFeature: Sendable {
    public let id: UInt64?
    public let type: GeometryType
    /// Key and value indices, alternating.
    public let tags: [UInt32]
    let tables: LayerTables
    private let bytes: [UInt8]
    private let geometryRange: Range<Int>
    let location: DecodeLocation

    init(_ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, tables: LayerTables,
         location: DecodeLocation) throws(VectorTileError) {
        var reader = ProtobufReader(buffer, range: range, location: location)
        var id: UInt64?
        var typeValue: UInt64?
        var tags: [UInt32] = []
        var geometry: Range<Int>?
        var geometryFields = 0
        while let (field, wireType) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wireType, .varint, field: "id")
                id = try reader.readVarint()
            case 2:
                try reader.expect(wireType, .lengthDelimited, field: "tags")
                tags += try ProtobufReader.packedUInt32(buffer, try reader.readLengthDelimited(), location: location)
            case 3:
                try reader.expect(wireType, .varint, field: "type")
                typeValue = try reader.readVarint()
            case 4:
                try reader.expect(wireType, .lengthDelimited, field: "geometry")
                geometry = try reader.readLengthDelimited()
                geometryFields += 1
            default:
                try reader.skip(wireType)
            }
        }
        // A missing type reads as UNKNOWN, the proto2 default (mvt-fixtures 003 and 016 are the same bytes,
        // one called valid); renderers skip UNKNOWN features.
        let typeNumber = typeValue ?? 0
        guard typeNumber <= 3, let type = GeometryType(rawValue: UInt8(typeNumber)) else {
            throw VectorTileError(.geometryType, .recoverable, at: location, "unknown geometry type \(typeNumber)", section: "4.3.4")
        }
        guard let geometry else {
            throw VectorTileError(.geometry, .recoverable, at: location, "feature has no geometry", section: "4.2")
        }
        guard geometryFields == 1 else {
            throw VectorTileError(.geometry, .recoverable, at: location, "feature has \(geometryFields) geometry fields, expected one", section: "4.2")
        }
        guard tags.count % 2 == 0 else {
            throw VectorTileError(.tags, .recoverable, at: location, "odd number of tag indices (\(tags.count))", section: "4.4")
        }
        var i = 0
        while i < tags.count {
            guard Int(tags[i]) < tables.keys.count else {
                throw VectorTileError(.tags, .fatal, at: location, "tag key index \(tags[i]) is outside the layer's \(tables.keys.count) keys", section: "4.4")
            }
            guard Int(tags[i + 1]) < tables.values.count else {
                throw VectorTileError(.tags, .fatal, at: location, "tag value index \(tags[i + 1]) is outside the layer's \(tables.values.count) values", section: "4.4")
            }
            i += 2
        }
        self.id = id
        self.type = type
        self.tags = tags
        self.tables = tables
        self.bytes = bytes
        self.geometryRange = geometry
        self.location = location
    }

    /// The value of property `key`, if the feature has it.
    public func property(_ key: String) -> PropertyValue? {
        // A feature has a few tags: comparing their keys (short strings, compared in place) is cheaper than
        // hashing `key` to find its index. A layer that repeats a key in its table (the spec forbids it)
        // keeps the first, as the key index does.
        let keys = tables.keys, isFirst = tables.isFirstOfItsName
        var i = 0
        while i < tags.count {
            let k = Int(tags[i])
            if isFirst[k] && keys[k] == key { return tables.values[Int(tags[i + 1])] }
            i += 2
        }
        return nil
    }

    /// All properties; a key repeated in the tags keeps its last value.
    public var properties: [String: PropertyValue] {
        var result: [String: PropertyValue] = [:]
        var i = 0
        while i < tags.count {
            result[tables.keys[Int(tags[i])]] = tables.values[Int(tags[i + 1])]
            i += 2
        }
        return result
    }

    /// The geometry command integers as stored.
    public var rawGeometry: [UInt32] {
        get throws(VectorTileError) {
            try bytes.withUnsafeBufferPointer { buffer throws(VectorTileError) in
                try ProtobufReader.packedUInt32(buffer, geometryRange, location: location)
            }
        }
    }

    /// Decodes the geometry commands into `visitor`, checking them against the spec as it goes.
    public func decodeGeometry<V: GeometryVisitor>(into visitor: inout V) throws(VectorTileError) {
        try bytes.withUnsafeBufferPointer { buffer throws(VectorTileError) in
            var decoder = GeometryDecoder(buffer, range: geometryRange, type: type, location: location)
            try decoder.decode(into: &visitor)
        }
    }
}
