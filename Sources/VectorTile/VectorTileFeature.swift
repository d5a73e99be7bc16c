/// One feature: its id, type and tags decoded; its geometry kept as bytes until visited
/// (MVT spec 2.1 §4.2).
public struct VectorTileFeature: Sendable {
    public let id: UInt64?
    public let type: GeometryType
    /// The layer's dictionaries and the tile's bytes. A feature holds one reference and ranges into the
    /// bytes, so that copying it (every style layer and filter does) costs one reference count, not four.
    let tables: LayerTables
    /// The packed tags field, validated when the feature was decoded.
    private let tagsRange: Range<Int>
    /// The tags of a feature that splits them over several fields (legal protobuf, never seen in practice).
    private let splitTags: [UInt32]?
    private let geometryRange: Range<Int>
    private let index: Int

    /// Where the feature is, for errors.
    var location: DecodeLocation { .feature(layer: tables.name, index: index) }
    private var bytes: [UInt8] { tables.bytes }

    /// Key and value indices, alternating.
    public var tags: [UInt32] {
        var tags: [UInt32] = []
        forEachTag { key, value in
            tags += [UInt32(key), UInt32(value)]
            return true
        }
        return tags
    }

    init(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, tables: LayerTables, index: Int) throws(VectorTileError) {
        let location = DecodeLocation.feature(layer: tables.name, index: index)
        var reader = ProtobufReader(buffer, range: range, location: location)
        var id: UInt64?
        var typeValue: UInt64?
        var tags: [UInt32] = []
        var tagFields: [Range<Int>] = []
        var geometry: Range<Int>?
        var geometryFields = 0
        while let (field, wireType) = try reader.readTag() {
            switch field {
            case 1:
                try reader.expect(wireType, .varint, field: "id")
                id = try reader.readVarint()
            case 2:
                try reader.expect(wireType, .lengthDelimited, field: "tags")
                let field = try reader.readLengthDelimited()
                tagFields.append(field)
                tags += try ProtobufReader.packedUInt32(buffer, field, location: location)
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
        self.tables = tables
        self.tagsRange = tagFields.count == 1 ? tagFields[0] : 0..<0
        self.splitTags = tagFields.count > 1 ? tags : nil
        self.geometryRange = geometry
        self.index = index
    }

    /// Calls `body` with each tag's key and value index in order until it returns false.
    @inline(__always)
    private func forEachTag(_ body: (Int, Int) -> Bool) {
        if let splitTags {
            var i = 0
            while i + 1 < splitTags.count {
                guard body(Int(splitTags[i]), Int(splitTags[i + 1])) else { return }
                i += 2
            }
            return
        }
        guard !tagsRange.isEmpty else { return }
        tables.bytes.withUnsafeBufferPointer { buffer in
            // The varints were read and checked (at most 32 bits, an even count, in the tables) at init.
            var i = tagsRange.lowerBound
            let end = tagsRange.upperBound
            @inline(__always) func next() -> Int {
                var value = 0, shift = 0
                while true {
                    let byte = buffer[i]
                    i += 1
                    value |= Int(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            while i < end {
                let key = next()
                let value = next()
                guard body(key, value) else { return }
            }
        }
    }

    /// The value of property `key`, if the feature has it.
    public func property(_ key: String) -> PropertyValue? {
        // A feature has a few tags: comparing their keys (short strings, compared in place) is cheaper than
        // hashing `key` to find its index. A layer that repeats a key in its table (the spec forbids it)
        // keeps the first, as the key index does.
        let keys = tables.keys, isFirst = tables.isFirstOfItsName
        var found: Int?
        forEachTag { k, v in
            guard isFirst[k] && keys[k] == key else { return true }
            found = v
            return false
        }
        return found.map { tables.values[$0] }
    }

    /// The value index of the feature's tag with key index `key` (the first of its name in the layer's keys,
    /// ``VectorTileLayer/keyIndex(_:)``), if the feature has one: ``property(_:)`` without comparing names.
    public func valueIndex(forKey key: Int) -> Int? {
        var found: Int?
        forEachTag { k, v in
            guard k == key else { return true }
            found = v
            return false
        }
        return found
    }

    /// All properties; a key repeated in the tags keeps its last value.
    public var properties: [String: PropertyValue] {
        var result: [String: PropertyValue] = [:]
        forEachTag { key, value in
            result[tables.keys[key]] = tables.values[value]
            return true
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
