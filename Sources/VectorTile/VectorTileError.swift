/// A problem found while decoding a vector tile, naming where it is and the part of the
/// Mapbox Vector Tile specification 2.1 it breaks.
public struct VectorTileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable categories of failure.
    public enum Code: String, Sendable {
        case truncated = "mvt.truncated"
        case wireType = "mvt.wire_type"
        case layerName = "mvt.layer_name"
        case layerVersion = "mvt.layer_version"
        case duplicateLayer = "mvt.duplicate_layer"
        case value = "mvt.value"
        case tags = "mvt.tags"
        case geometryType = "mvt.geometry_type"
        case geometry = "mvt.geometry"
        case extent = "mvt.extent"
    }

    /// Fatal problems make the tile unusable; recoverable ones cost one feature or layer.
    public enum Severity: String, Sendable {
        case fatal, recoverable
    }

    public let code: Code
    public let severity: Severity
    /// Where: `layer "roads" feature 3`, or `tile` for tile-level problems.
    public let location: String
    public let message: String
    /// The section of the specification, e.g. `4.3.4`.
    public let specSection: String

    public init(_ code: Code, _ severity: Severity, at location: String, _ message: String, section: String) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
        self.specSection = section
    }

    init(_ code: Code, _ severity: Severity, at location: DecodeLocation, _ message: String, section: String) {
        self.init(code, severity, at: location.description, message, section: section)
    }

    public var description: String { "\(location): \(message) (MVT spec 2.1 §\(specSection))" }
}
