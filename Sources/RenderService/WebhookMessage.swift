import Foundation

/// One webhook to deliver, as queued in the webhook queue: everything an attempt needs, so that every
/// retry sends the same id and the same body (only the timestamp and signatures are made afresh).
struct WebhookMessage: Codable, Sendable, Equatable {
    /// `webhook-id`: `msg_<job id>_<status>`, stable across retries, so receivers can drop duplicates.
    var id: String
    var url: String
    /// The API key whose secrets sign it; nil for jobs submitted without auth.
    var owner: String?
    var jobID: String
    var status: String
    /// The job status document, exactly as `GET /api/v1/posters/jobs/{id}` answered when the job finished.
    var body: String

    enum CodingKeys: String, CodingKey { case id, url, owner, jobID = "job_id", status, body }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ payload: String) throws -> WebhookMessage {
        try JSONDecoder().decode(WebhookMessage.self, from: Data(payload.utf8))
    }
}
