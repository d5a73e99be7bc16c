import Foundation
import Geo
public import JobQueue
public import PosterPipeline
public import PosterRenderer

/// A validated poster request with every default filled in: what goes into the queue as the job's payload.
/// Encoded with sorted keys, so equal requests encode to equal bytes.
public struct PosterOrder: Codable, Sendable, Equatable {
    public var lat: Double
    public var lng: Double
    public var style: String
    public var palette: String?
    public var title: String
    public var subtitle: String
    public var showTitle: Bool
    public var showSubtitle: Bool
    public var showCoordinates: Bool
    /// Text colour as `#rrggbb`; nil picks one for the paper.
    public var textColor: String?
    public var zoom: Double
    public var bearing: Double
    public var options: [String: Bool]
    public var bounds: [Double]?
    /// Map margin in percent of the shorter side; nil keeps the theme's.
    public var margin: Double?
    public var format: String
    public var width: Int
    public var height: Int
    public var pixelRatio: Double
    public var dpi: Double
    public var priority: String
    public var webhookURL: String?
    public var timeoutMilliseconds: Int
    /// Text position, backdrop, border, mask, title type and markers; nil for the standard layout.
    public var layout: OrderLayout?
    /// The prefix of the API key that ordered the poster (nil without auth): its webhook secrets sign the
    /// job's webhook.
    public var owner: String?

    public init(lat: Double, lng: Double, style: String = "minimal", palette: String? = nil, title: String = "",
                subtitle: String = "", showTitle: Bool = true, showSubtitle: Bool = true, showCoordinates: Bool = true,
                textColor: String? = nil, zoom: Double = 12, bearing: Double = 0, options: [String: Bool] = [:],
                bounds: [Double]? = nil, margin: Double? = nil, format: String = "png", width: Int = 2400,
                height: Int = 3600, pixelRatio: Double = 2, dpi: Double = 300, priority: String = "normal",
                webhookURL: String? = nil, timeoutMilliseconds: Int = 120_000) {
        self.lat = lat
        self.lng = lng
        self.style = style
        self.palette = palette
        self.title = title
        self.subtitle = subtitle
        self.showTitle = showTitle
        self.showSubtitle = showSubtitle
        self.showCoordinates = showCoordinates
        self.textColor = textColor
        self.zoom = zoom
        self.bearing = bearing
        self.options = options
        self.bounds = bounds
        self.margin = margin
        self.format = format
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.dpi = dpi
        self.priority = priority
        self.webhookURL = webhookURL
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The canonical encoding (sorted keys), stored as the job payload.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain numbers, strings and booleans cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Decodes a job payload.
    public static func decode(_ payload: String) throws -> PosterOrder {
        try JSONDecoder().decode(PosterOrder.self, from: Data(payload.utf8))
    }

    public var posterFormat: PosterFormat { format == "pdf" ? .pdf : .png }
    public var jobPriority: JobPriority { JobPriority(rawValue: priority) ?? .normal }
    public var pixelCount: Int { width * height }

    /// The pipeline job for this order.
    public func pipelineJob(tilesPath: String) -> PosterJob {
        let spec = PosterSpec(center: LngLat(lng: lng, lat: lat), zoom: zoom, bearing: bearing, width: width, height: height,
                              pixelRatio: pixelRatio, dpi: dpi, title: title, subtitle: subtitle, showTitle: showTitle,
                              showSubtitle: showSubtitle, showCoordinates: showCoordinates,
                              design: (layout ?? OrderLayout()).design(margin: margin))
        var job = PosterJob(spec: spec, style: style, palette: palette, toggles: options, tilesPath: tilesPath, format: posterFormat)
        if let bounds, bounds.count == 4 {
            job.bounds = GeoBounds(west: bounds[0], south: bounds[1], east: bounds[2], north: bounds[3])
        }
        job.margin = margin.map { $0 / 100 }
        job.textColor = textColor
        return job
    }
}
