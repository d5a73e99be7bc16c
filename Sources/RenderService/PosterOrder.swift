import Foundation
public import JobQueue
public import PosterPipeline

/// A poster as ordered from the service: the validated poster itself and how it is delivered (priority,
/// webhook, deadline, owner). The queued job's payload; encoded with sorted keys, so equal orders encode to
/// equal bytes.
public struct PosterOrder: Codable, Sendable, Equatable {
    /// What to draw: everything the pipeline needs, already typed and within ``PosterLimits``.
    public var poster: PosterRequest
    public var priority: JobPriority
    /// Called when the job ends; checked for form by the parser and for its addresses at each delivery.
    public var webhookURL: String?
    public var timeoutMilliseconds: Int
    /// The prefix of the API key that ordered the poster (nil without auth): only it may see the job, and
    /// its webhook secrets sign the job's webhook.
    public var owner: String?
    /// What the request asked for that was not used as sent (an unknown field ignored, a latitude clamped,
    /// an unknown style replaced): answered with the job and kept in its result. Nil when nothing needs saying,
    /// so that a clean request's payload is as before.
    public var warnings: [String]?

    public init(poster: PosterRequest, priority: JobPriority = .normal, webhookURL: String? = nil,
                timeoutMilliseconds: Int = 120_000, owner: String? = nil) {
        self.poster = poster
        self.priority = priority
        self.webhookURL = webhookURL
        self.timeoutMilliseconds = timeoutMilliseconds
        self.owner = owner
    }

    /// The canonical encoding (sorted keys), stored as the job payload.
    public func canonicalJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Plain numbers, strings, booleans and colours as text: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Decodes a job payload: today's form, or the flat form earlier versions queued (so that jobs waiting in
    /// Redis across an upgrade still render).
    public static func decode(_ payload: String) throws -> PosterOrder {
        let bytes = Data(payload.utf8)
        do {
            return try JSONDecoder().decode(PosterOrder.self, from: bytes)
        } catch {
            guard let legacy = try? JSONDecoder().decode(LegacyPosterOrder.self, from: bytes) else { throw error }
            return try legacy.converted()
        }
    }
}
