/// A feature property value, in the variant the tile stored it as (MVT spec 2.1 §4.1, `Value`).
public enum PropertyValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case float(Float)
    case double(Double)
    case int(Int64)
    case uint(UInt64)
    case sint(Int64)
    case bool(Bool)
    /// A list or a map as JSON text: GeoJSON properties MVT's `Value` cannot hold, kept in CartoPress's
    /// extension field (``jsonFieldNumber``; the spec leaves `Value` open to extensions from 8 up).
    case json(String)

    /// The `Value` extension field that carries ``json(_:)``.
    public static let jsonFieldNumber: UInt64 = 1000

    /// The value as a number, for numeric variants.
    public var number: Double? {
        switch self {
        case .float(let v): Double(v)
        case .double(let v): v
        case .int(let v), .sint(let v): Double(v)
        case .uint(let v): Double(v)
        case .string, .bool, .json: nil
        }
    }

    public var description: String {
        switch self {
        case .string(let v): "\"\(v)\""
        case .float(let v): "\(v)"
        case .double(let v): "\(v)"
        case .int(let v), .sint(let v): "\(v)"
        case .uint(let v): "\(v)"
        case .bool(let v): "\(v)"
        case .json(let v): v
        }
    }
}

/// The geometry type of a feature (MVT spec 2.1 §4.3.4).
public enum GeometryType: UInt8, Sendable {
    case unknown = 0, point = 1, lineString = 2, polygon = 3
}

/// Receives decoded geometry in tile coordinates (0...extent, y down), commands in stored order.
public protocol GeometryVisitor {
    mutating func moveTo(x: Int32, y: Int32)
    mutating func lineTo(x: Int32, y: Int32)
    mutating func closePath()
}
