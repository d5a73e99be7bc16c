import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Public, cacheable answers with a strong ETag: a `304 Not Modified` when the client already has the bytes
/// (`If-None-Match`), the bytes with `ETag` and `Cache-Control` otherwise.
enum CachedBody {
    /// The ETag of some bytes: a quoted prefix of their SHA-256.
    static func etag(_ bytes: some DataProtocol) -> String {
        let digest = SHA256.hash(data: bytes)
        return "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// - Parameters:
    ///   - maxAge: seconds a client and shared caches may keep the answer.
    static func response(_ bytes: [UInt8], contentType: String, request: Request, maxAge: Int) -> Response {
        response(bytes, contentType: contentType, request: request, cacheControl: "public, max-age=\(maxAge)")
    }

    /// - Parameter cacheControl: the `Cache-Control` value, such as `private, no-cache` for a document a
    ///   client must revalidate every time (a job's status, polled).
    static func response(_ bytes: [UInt8], contentType: String, request: Request, cacheControl: String) -> Response {
        let tag = etag(bytes)
        var headers: HTTPFields = [.eTag: tag, .cacheControl: cacheControl, .vary: "Accept-Encoding"]
        if let wanted = request.headers[.ifNoneMatch], matches(wanted, tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Whether an `If-None-Match` list names `tag` (weak or strong) or is `*`.
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let candidate = item.trimmingCharacters(in: .whitespaces)
            return candidate == "*" || candidate == tag || candidate == "W/" + tag
        }
    }
}
