import Foundation

/// What a completed job reports: where the poster is and what it is.
public struct JobResult: Codable, Sendable, Equatable {
    public var downloadURL: String
    public var fileSize: Int
    public var renderTimeMs: Int
    public var format: String
    public var width: Int
    public var height: Int
    /// What the render could not do as asked, in words: a DEM that does not cover the place, a sprite that
    /// could not be read. Empty when nothing needs saying.
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case downloadURL = "download_url", fileSize = "file_size", renderTimeMs = "render_time_ms", format, width, height, warnings
    }

    public init(downloadURL: String, fileSize: Int, renderTimeMs: Int, format: String, width: Int, height: Int, warnings: [String] = []) {
        self.downloadURL = downloadURL
        self.fileSize = fileSize
        self.renderTimeMs = renderTimeMs
        self.format = format
        self.width = width
        self.height = height
        self.warnings = warnings
    }

    /// Results recorded before warnings were kept have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(downloadURL: try c.decode(String.self, forKey: .downloadURL), fileSize: try c.decode(Int.self, forKey: .fileSize),
                  renderTimeMs: try c.decode(Int.self, forKey: .renderTimeMs), format: try c.decode(String.self, forKey: .format),
                  width: try c.decode(Int.self, forKey: .width), height: try c.decode(Int.self, forKey: .height),
                  warnings: try c.decodeIfPresent([String].self, forKey: .warnings) ?? [])
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
