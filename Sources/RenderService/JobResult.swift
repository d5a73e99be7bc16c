import Foundation

/// What a completed job reports: where the poster is and what it is.
public struct JobResult: Codable, Sendable, Equatable {
    public var downloadURL: String
    public var fileSize: Int
    public var renderTimeMs: Int
    public var format: String
    public var width: Int
    public var height: Int

    enum CodingKeys: String, CodingKey {
        case downloadURL = "download_url", fileSize = "file_size", renderTimeMs = "render_time_ms", format, width, height
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
