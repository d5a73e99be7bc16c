import Foundation

/// What a `Prefer` header (RFC 7240) asks of `POST /api/v1/posters/generate`: `wait=N` to hold the answer
/// up to N seconds for the finished poster, `respond-async` to answer 202 at once whatever else is set.
struct WaitPreference: Equatable {
    /// Seconds the client is prepared to wait, as sent (the service caps it at `MAX_WAIT_SECONDS`).
    var wait: Double?
    var respondAsync = false

    /// Reads every `Prefer` value; preferences this service does not know are ignored, as RFC 7240 § 2 asks.
    init(_ values: [String]) {
        for value in values {
            for preference in value.split(separator: ",") {
                // Parameters after ";" qualify a preference; neither of ours has any.
                let token = preference.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
                let parts = token.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = parts.first?.lowercased() else { continue }
                switch name {
                case "respond-async": respondAsync = true
                case "wait":
                    let text = parts.count == 2 ? parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : ""
                    // The first wait wins (§ 2: a repeated preference uses its first value); a bad one is ignored.
                    if wait == nil, let seconds = Double(text), seconds.isFinite, seconds >= 0 { wait = seconds }
                default: continue
                }
            }
        }
    }

    /// How long to hold this answer: the client's wait capped at `maximum`; `compatDefault` (carto-art's
    /// synchronous contract for a key or service that keeps it) when the client said nothing; 0 to answer
    /// 202 at once.
    func seconds(maximum: Double, compatDefault: Bool) -> Double {
        if respondAsync { return 0 }
        if let wait { return min(wait, maximum) }
        return compatDefault ? maximum : 0
    }
}
