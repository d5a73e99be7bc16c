public import Foundation

/// A point of a GPX track or route, with its elevation (metres) and time when the file has them.
public struct GPXPoint: Sendable, Hashable {
    public var position: LngLat
    public var elevation: Double?
    public var time: Date?

    public init(position: LngLat, elevation: Double? = nil, time: Date? = nil) {
        self.position = position
        self.elevation = elevation
        self.time = time
    }
}

/// Why a GPX document could not be read.
public struct GPXError: Error, CustomStringConvertible, Sendable, Equatable {
    public let reason: String
    /// The line of the document the error is about, when it is about one.
    public let line: Int?

    public init(_ reason: String, line: Int? = nil) {
        self.reason = reason
        self.line = line
    }

    public var description: String { reason }
}

/// A GPX 1.0/1.1 document: its track segments and routes as lines, and its waypoints with their names.
///
/// It is read with ``XMLReader``, which takes UTF-8 only, reads no DTD and expands no entity but XML's own, so
/// any bytes (the HTTP API passes them on) either read or fail with a ``GPXError``.
public struct GPXDocument: Sendable {
    public var name: String?
    /// Each track segment and each route, in document order.
    public var lines: [[GPXPoint]]
    public var waypoints: [(name: String, position: LngLat)]
    public var pointCount: Int { lines.reduce(0) { $0 + $1.count } + waypoints.count }

    /// Reads `data`; at most `maxPoints` points are accepted.
    public static func parse(_ data: Data, maxPoints: Int = 10_000_000) throws(GPXError) -> GPXDocument {
        var reader = XMLReader(data)
        var builder = Builder(maxPoints: maxPoints)
        while let event = try read(&reader) {
            switch event {
            case .startElement(let name, let attributes):
                // Checked at once, so that a KML or HTML upload is called that rather than its first XML flaw.
                if reader.depth == 1, name != "gpx" {
                    throw GPXError("the root element is not <gpx>", line: reader.location(of: reader.eventOffset).line)
                }
                try builder.start(name, attributes) { reader.location(of: reader.eventOffset).line }
            case .endElement(let name):
                builder.end(name)
            case .text(let text):
                builder.text += text
            }
        }
        return GPXDocument(name: builder.name, lines: builder.lines.filter { !$0.isEmpty }, waypoints: builder.waypoints)
    }

    /// The bounding box of every point, or nil for a document without any.
    public var bounds: GeoBounds? {
        GeoBounds(covering: lines.flatMap { $0.map(\.position) } + waypoints.map(\.position))
    }

    private static func read(_ reader: inout XMLReader) throws(GPXError) -> XMLReader.Event? {
        do throws(XMLReaderError) {
            return try reader.next()
        } catch {
            throw GPXError("not XML: \(error)", line: error.line)
        }
    }

    /// What one parse has gathered so far.
    private struct Builder {
        let maxPoints: Int
        var lines: [[GPXPoint]] = []
        var waypoints: [(name: String, position: LngLat)] = []
        var name: String?
        /// The character data since the last tag.
        var text = ""
        private var count = 0
        private var point: GPXPoint?
        private var waypointName = ""
        private var stack: [String] = []
        // One parse runs on one thread: the formatters are the parse's own.
        private let dates: ISO8601DateFormatter = {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f
        }()
        private let wholeSecondDates = ISO8601DateFormatter()

        init(maxPoints: Int) {
            self.maxPoints = maxPoints
        }

        /// `line` is asked only for an error message: finding it scans the document from the start.
        mutating func start(_ element: String, _ attributes: [XMLReader.Attribute], line: () -> Int) throws(GPXError) {
            stack.append(element)
            text = ""
            switch element {
            case "trkseg", "rte":
                lines.append([])
            case "trkpt", "rtept", "wpt":
                func coordinate(_ key: String) -> Double? { attributes.first { $0.name == key }.flatMap { Double($0.value) } }
                guard let lat = coordinate("lat"), let lon = coordinate("lon"), (-90...90).contains(lat), (-180...180).contains(lon) else {
                    let at = line()
                    throw GPXError("a <\(element)> at line \(at) has no valid lat and lon", line: at)
                }
                count += 1
                guard count <= maxPoints else { throw GPXError("has more than \(maxPoints) points") }
                point = GPXPoint(position: LngLat(lng: lon, lat: lat))
                waypointName = ""
            default:
                break
            }
        }

        mutating func end(_ element: String) {
            _ = stack.popLast()
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch element {
            case "ele": point?.elevation = Double(value)
            case "time":
                // Each formatter reads only its own form, and a failed try costs as much as a read.
                point?.time = value.contains(".") ? dates.date(from: value) : wholeSecondDates.date(from: value)
            case "name":
                if point != nil { waypointName = value } else if stack.last == "trk" || stack.last == "gpx" || stack.last == "metadata" { name = name ?? value }
            case "trkpt", "rtept":
                if let point {
                    if lines.isEmpty { lines.append([]) }
                    lines[lines.count - 1].append(point)
                }
                point = nil
            case "wpt":
                if let point { waypoints.append((waypointName, point.position)) }
                point = nil
            default:
                break
            }
            text = ""
        }
    }
}
