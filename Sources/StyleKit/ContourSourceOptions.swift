import Foundation

/// A vector source whose tiles are contour lines computed from a raster-dem source, written the way
/// maplibre-contour writes it, so styles made for it work here:
///
///     "contours": {"type": "vector", "tiles": ["dem-contour://{z}/{x}/{y}?source=terrain&thresholds=11*100*500~13*20*100"]}
///
/// `source` (a CartoPress addition: maplibre-contour registers its DEM in code) names the style's raster-dem
/// source; it may be left out when the style has exactly one. The other keys are maplibre-contour's:
/// `thresholds` (`zoom*minor*major~…`: from each zoom up to the next, lines every `minor` metres and index
/// lines every `major`), `multiplier` (e.g. 3.28084 for feet), `contourLayer` (default `contours`),
/// `elevationKey` (`ele`) and `levelKey` (`level`). `overzoom`, `buffer` and `extent` are accepted and have
/// no effect: CartoPress computes contours once over the whole poster, not tile by tile.
public struct ContourSourceOptions: Sendable {
    /// The raster-dem source the lines are computed from.
    public var demSource: String
    /// Intervals by the zoom they start at, ascending: `levels[0]` is the minor interval, later ones the
    /// intervals of index lines.
    public var thresholds: [(zoom: Int, levels: [Double])]
    public var multiplier: Double = 1
    public var layerName = "contours"
    public var elevationKey = "ele"
    public var levelKey = "level"

    /// The URL scheme that marks a contour source's tile template.
    public static let scheme = "dem-contour://"

    public init(demSource: String, thresholds: [(zoom: Int, levels: [Double])]) {
        self.demSource = demSource
        self.thresholds = thresholds.sorted { $0.zoom < $1.zoom }
    }

    /// The intervals at a tile zoom: those of the highest threshold zoom at or below it; none below the
    /// lowest (maplibre-contour draws nothing there).
    public func levels(atZoom zoom: Int) -> [Double] {
        thresholds.last { $0.zoom <= zoom }?.levels ?? []
    }

    /// The `level` of a line at `elevation`: the index of the largest interval it is a multiple of, so
    /// 0 for plain lines and 1 for index lines with two intervals.
    public static func level(of elevation: Double, levels: [Double]) -> Int {
        var result = 0
        for (index, interval) in levels.enumerated() where interval > 0 {
            let ratio = elevation / interval
            if abs(ratio - ratio.rounded()) < 1e-9 { result = index }
        }
        return result
    }

    /// A problem in a contour URL: what is wrong, for the parser to report at the source's key path.
    public struct ParseError: Error, Sendable, Equatable {
        public var message: String
    }

    /// Parses a `dem-contour://…?…` template. `demSource` is nil when the URL names none.
    static func parse(_ url: String) throws(ParseError) -> (options: ContourSourceOptions, namedSource: Bool) {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else {
            throw ParseError(message: "a dem-contour URL needs options after \"?\", at least thresholds=zoom*minor*major")
        }
        var values: [String: String] = [:]
        for part in query.split(separator: "&") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            values[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        let known = ["source", "thresholds", "multiplier", "contourLayer", "elevationKey", "levelKey", "overzoom", "buffer", "extent"]
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw ParseError(message: "unknown dem-contour option \"\(unknown)\"; expected one of \(known.joined(separator: ", "))")
        }
        guard let thresholdText = values["thresholds"], !thresholdText.isEmpty else {
            throw ParseError(message: "a dem-contour URL needs thresholds=zoom*minor*major~… (for example 11*100*500~13*20*100)")
        }
        var thresholds: [(zoom: Int, levels: [Double])] = []
        for entry in thresholdText.split(separator: "~") {
            let numbers = entry.split(separator: "*").map { Double($0) }
            guard numbers.count >= 2, let zoom = numbers[0], zoom == zoom.rounded(), (0...24).contains(zoom),
                  numbers.dropFirst().allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ParseError(message: "threshold \"\(entry)\" must be zoom*minor[*major…] with a whole zoom 0-24 and positive intervals in metres")
            }
            let levels = numbers.dropFirst().map { $0! }
            guard zip(levels, levels.dropFirst()).allSatisfy({ $1 > $0 && ($1 / $0).rounded() * $0 == $1 }) else {
                throw ParseError(message: "threshold \"\(entry)\": each interval must be a larger multiple of the one before")
            }
            thresholds.append((Int(zoom), levels))
        }
        var options = ContourSourceOptions(demSource: values["source"] ?? "", thresholds: thresholds)
        if let text = values["multiplier"] {
            guard let multiplier = Double(text), multiplier > 0 else {
                throw ParseError(message: "multiplier \"\(text)\" must be a positive number (3.28084 for feet)")
            }
            options.multiplier = multiplier
        }
        if let name = values["contourLayer"], !name.isEmpty { options.layerName = name }
        if let key = values["elevationKey"], !key.isEmpty { options.elevationKey = key }
        if let key = values["levelKey"], !key.isEmpty { options.levelKey = key }
        return (options, values["source"] != nil)
    }
}
