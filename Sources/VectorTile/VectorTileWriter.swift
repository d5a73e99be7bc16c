/// Writes Mapbox Vector Tiles (spec 2.1): one layer of features with their geometry and properties. Used
/// to hand GeoJSON sources to the renderer in the same form as vector tiles.
public enum VectorTileWriter {
    public enum GeometryType: UInt64, Sendable { case point = 1, lineString = 2, polygon = 3 }

    /// A feature in tile coordinates: for lines every part is a line, for polygons every part is a ring
    /// (exterior rings with positive area in tile space, holes negative, §4.3.4.4), rings not closed.
    public struct Feature: Sendable {
        public var id: UInt64?
        public var type: GeometryType
        public var parts: [[(x: Int64, y: Int64)]]
        public var properties: [(key: String, value: PropertyValue)]

        public init(id: UInt64? = nil, type: GeometryType, parts: [[(x: Int64, y: Int64)]], properties: [(key: String, value: PropertyValue)] = []) {
            self.id = id
            self.type = type
            self.parts = parts
            self.properties = properties
        }
    }

    /// The bytes of a tile holding one layer.
    public static func encode(layer name: String, extent: UInt32 = 4096, features: [Feature]) -> [UInt8] {
        var keys: [String] = [], keyIndex: [String: Int] = [:]
        var values: [PropertyValue] = [], valueIndex: [PropertyValue: Int] = [:]
        var layer: [UInt8] = []
        field(&layer, 15, varint: 2)
        field(&layer, 1, bytes: Array(name.utf8))
        for feature in features {
            var tags: [UInt64] = []
            for (key, value) in feature.properties {
                let k = keyIndex[key] ?? { keys.append(key); keyIndex[key] = keys.count - 1; return keys.count - 1 }()
                let v = valueIndex[value] ?? { values.append(value); valueIndex[value] = values.count - 1; return values.count - 1 }()
                tags += [UInt64(k), UInt64(v)]
            }
            var body: [UInt8] = []
            if let id = feature.id { field(&body, 1, varint: id) }
            if !tags.isEmpty { field(&body, 2, bytes: packed(tags)) }
            field(&body, 3, varint: feature.type.rawValue)
            field(&body, 4, bytes: packed(geometry(feature)))
            field(&layer, 2, bytes: body)
        }
        for key in keys { field(&layer, 3, bytes: Array(key.utf8)) }
        for value in values { field(&layer, 4, bytes: encode(value)) }
        field(&layer, 5, varint: UInt64(extent))
        var tile: [UInt8] = []
        field(&tile, 3, bytes: layer)
        return tile
    }

    static func geometry(_ feature: Feature) -> [UInt64] {
        var commands: [UInt64] = []
        var cursor: (x: Int64, y: Int64) = (0, 0)
        func command(_ id: UInt64, _ count: Int) { commands.append(id | UInt64(count) << 3) }
        func point(_ p: (x: Int64, y: Int64)) {
            commands += [zigzag(p.x - cursor.x), zigzag(p.y - cursor.y)]
            cursor = p
        }
        switch feature.type {
        case .point:
            let points = feature.parts.flatMap { $0 }
            guard !points.isEmpty else { return [] }
            command(1, points.count)
            points.forEach(point)
        case .lineString, .polygon:
            let closed = feature.type == .polygon
            for part in feature.parts where part.count >= (closed ? 3 : 2) {
                command(1, 1)
                point(part[0])
                command(2, part.count - 1)
                part.dropFirst().forEach(point)
                if closed { command(7, 1) }
            }
        }
        return commands
    }

    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    static func encode(_ value: PropertyValue) -> [UInt8] {
        var out: [UInt8] = []
        switch value {
        case .string(let s): field(&out, 1, bytes: Array(s.utf8))
        case .float(let f):
            out.append(2 << 3 | 5)
            withUnsafeBytes(of: f.bitPattern.littleEndian) { out += $0 }
        case .double(let d):
            out.append(3 << 3 | 1)
            withUnsafeBytes(of: d.bitPattern.littleEndian) { out += $0 }
        case .int(let i): field(&out, 4, varint: UInt64(bitPattern: i))
        case .uint(let u): field(&out, 5, varint: u)
        case .sint(let s): field(&out, 6, varint: zigzag(s))
        case .bool(let b): field(&out, 7, varint: b ? 1 : 0)
        case .json(let text): field(&out, PropertyValue.jsonFieldNumber, bytes: Array(text.utf8))
        }
        return out
    }

    static func packed(_ numbers: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        for number in numbers { varint(&out, number) }
        return out
    }

    static func varint(_ out: inout [UInt8], _ value: UInt64) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func field(_ out: inout [UInt8], _ number: UInt64, varint value: UInt64) {
        varint(&out, number << 3)
        varint(&out, value)
    }

    static func field(_ out: inout [UInt8], _ number: UInt64, bytes: [UInt8]) {
        varint(&out, number << 3 | 2)
        varint(&out, UInt64(bytes.count))
        out += bytes
    }
}
