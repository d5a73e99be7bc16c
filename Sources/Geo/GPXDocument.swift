import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

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
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A GPX 1.0/1.1 document read with a real XML parser (external entities off): its track segments and
/// routes as lines, and its waypoints with their names.
public struct GPXDocument: Sendable {
    public var name: String?
    /// Each track segment and each route, in document order.
    public var lines: [[GPXPoint]]
    public var waypoints: [(name: String, position: LngLat)]
    public var pointCount: Int { lines.reduce(0) { $0 + $1.count } + waypoints.count }

    /// Reads `data`; at most `maxPoints` points are accepted.
    public static func parse(_ data: Data, maxPoints: Int = 10_000_000) throws(GPXError) -> GPXDocument {
        let delegate = Delegate(maxPoints: maxPoints)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard parsed else {
            throw GPXError(parser.parserError.map { "not XML: \($0.localizedDescription) at line \(parser.lineNumber)" } ?? "unreadable XML")
        }
        guard delegate.sawRoot else { throw GPXError("the root element is not <gpx>") }
        // Some XML parsers accept a document that ends inside an element; GPX cut short is not a track.
        guard delegate.depth == 0 else { throw GPXError("the document ends before its elements are closed") }
        return GPXDocument(name: delegate.name, lines: delegate.lines.filter { !$0.isEmpty }, waypoints: delegate.waypoints)
    }

    /// The bounding box of every point, or nil for a document without any.
    public var bounds: GeoBounds? {
        GeoBounds(covering: lines.flatMap { $0.map(\.position) } + waypoints.map(\.position))
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let maxPoints: Int
        var lines: [[GPXPoint]] = []
        var waypoints: [(name: String, position: LngLat)] = []
        var name: String?
        var sawRoot = false
        var depth = 0
        var failure: GPXError?
        private var count = 0
        private var point: GPXPoint?
        private var pointKind = ""
        private var text = ""
        private var waypointName = ""
        private var stack: [String] = []
        // One parse runs on one thread: the formatters are the delegate's own.
        private let dates: ISO8601DateFormatter = {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f
        }()
        private let wholeSecondDates = ISO8601DateFormatter()

        init(maxPoints: Int) {
            self.maxPoints = maxPoints
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if depth == 0 { sawRoot = elementName == "gpx" }
            depth += 1
            stack.append(elementName)
            text = ""
            switch elementName {
            case "trkseg", "rte":
                lines.append([])
            case "trkpt", "rtept", "wpt":
                guard let lat = attributes["lat"].flatMap(Double.init), let lon = attributes["lon"].flatMap(Double.init),
                      (-90...90).contains(lat), (-180...180).contains(lon) else {
                    failure = GPXError("a <\(elementName)> at line \(parser.lineNumber) has no valid lat and lon")
                    parser.abortParsing()
                    return
                }
                count += 1
                if count > maxPoints {
                    failure = GPXError("has more than \(maxPoints) points")
                    parser.abortParsing()
                    return
                }
                point = GPXPoint(position: LngLat(lng: lon, lat: lat))
                pointKind = elementName
                waypointName = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
            stack.removeLast()
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch elementName {
            case "ele": point?.elevation = Double(value)
            case "time": point?.time = dates.date(from: value) ?? wholeSecondDates.date(from: value)
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
