import Foundation

/// Where a bucket lives and how its objects are addressed: path-style (`http://host/bucket/key`, MinIO,
/// SeaweedFS, most self-hosted servers) or virtual-hosted (`https://bucket.host/key`, AWS and R2).
public struct S3Endpoint: Sendable, Hashable {
    public enum Addressing: String, Sendable, Hashable { case path, virtualHost = "virtual" }

    /// `http` or `https`.
    public var scheme: String
    /// Host, with `:port` when it is not the scheme's default.
    public var host: String
    public var bucket: String
    public var addressing: Addressing

    /// - Parameter endpoint: the server's base URL, such as `https://s3.eu-north-1.amazonaws.com` or
    ///   `http://127.0.0.1:9000`.
    public init(endpoint: String, bucket: String, addressing: Addressing) throws(StorageError) {
        guard let components = URLComponents(string: endpoint), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/", components.query == nil
        else {
            throw StorageError(.configuration, "the S3 endpoint \"\(endpoint)\" must be an http or https URL without a path, like https://s3.eu-north-1.amazonaws.com")
        }
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw StorageError(.configuration, "the S3 bucket name \"\(bucket)\" must be non-empty and contain no slash")
        }
        if addressing == .virtualHost, bucket.contains(".") && scheme == "https" {
            throw StorageError(.configuration, "bucket \"\(bucket)\" has dots, which break TLS for virtual-hosted addressing; use path-style")
        }
        self.scheme = scheme
        self.host = components.port.map { "\(host):\($0)" } ?? host
        self.bucket = bucket
        self.addressing = addressing
    }

    /// The host an object's requests go to.
    public var requestHost: String { addressing == .path ? host : "\(bucket).\(host)" }

    /// The decoded path of an object (or of the bucket when `key` is empty).
    public func path(key: String) -> String {
        addressing == .path ? "/\(bucket)/\(key)" : "/\(key)"
    }

    /// The URL of a signed request.
    public func url(for request: SignableRequest) -> String {
        let query = request.query.isEmpty ? "" : "?" + request.encodedQuery
        return "\(scheme)://\(requestHost)\(request.encodedPath)\(query)"
    }
}
