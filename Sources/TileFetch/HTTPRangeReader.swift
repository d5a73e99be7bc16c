import Foundation
public import HTTPTransport

/// A PMTiles archive's bytes over HTTP range requests (an archive on object storage or a CDN). The first
/// response's ETag is remembered and required of every later one (`If-Match`), so that an archive replaced
/// mid-render fails loudly instead of mixing directories of two versions.
public final class HTTPRangeReader: SyncRangeReader, @unchecked Sendable {
    // @unchecked: `etag` is written once under `lock` and read under it.
    public let identifier: String
    private let transport: any HTTPTransport
    private let timeout: Double
    private let lock = NSLock()
    private var etag: String?

    public init(url: String, transport: any HTTPTransport, timeout: Double = 20) {
        identifier = url
        self.transport = transport
        self.timeout = timeout
    }

    public func read(offset: UInt64, length: Int) async throws(PMTilesError) -> [UInt8] {
        try readNow(offset: offset, length: length)
    }

    public func readNow(offset: UInt64, length: Int) throws(PMTilesError) -> [UInt8] {
        guard length > 0 else { return [] }
        var headers = [(name: "Range", value: "bytes=\(offset)-\(offset + UInt64(length) - 1)")]
        let expected = lock.withLock { etag }
        if let expected { headers.append((name: "If-Match", value: expected)) }
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(url: identifier, headers: headers, timeout: timeout))
        } catch {
            throw PMTilesError(.io, archive: identifier, "reading bytes \(offset)+\(length): \(error)", cause: error)
        }
        let tag = response.header("ETag")
        if response.status == 412 || (expected != nil && tag != nil && tag != expected) {
            throw PMTilesError(.io, archive: identifier, "the archive changed while it was being read (ETag \(expected ?? "?") → \(tag ?? "?")); render again")
        }
        if expected == nil, let tag { lock.withLock { if etag == nil { etag = tag } } }
        switch response.status {
        case 206:
            return Array(response.body.prefix(length))
        case 200:
            // A server that ignores ranges sends the whole archive: take the slice asked for.
            let start = Int(min(offset, UInt64(response.body.count)))
            return Array(response.body[start..<min(response.body.count, start + length)])
        case 416:
            return []
        default:
            throw PMTilesError(.io, archive: identifier, "reading bytes \(offset)+\(length) answered HTTP \(response.status)")
        }
    }
}

