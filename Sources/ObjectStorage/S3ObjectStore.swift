public import Foundation
public import HTTPTransport

/// An S3-compatible bucket over libcurl, every request signed by our own ``SigV4Signer`` with the payload
/// hash sent in `x-amz-content-sha256`. Small objects go up in one PUT, large ones as a multipart upload
/// whose parts travel in parallel (and which is aborted if any part fails, so no orphaned parts are
/// billed). The transport retries timeouts, connection failures, 429 and 5xx with backoff.
public final class S3ObjectStore: ObjectStore {
    public let configuration: S3Configuration
    let transport: any HTTPTransport
    let signer: SigV4Signer

    /// - Parameter transport: defaults to libcurl with the operator's endpoint allowed (it may be private).
    public init(configuration: S3Configuration, transport: (any HTTPTransport)? = nil) throws(StorageError) {
        try configuration.validate()
        self.configuration = configuration
        self.transport = transport ?? CurlTransport(configuration: Self.defaultTransport)
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
    }

    /// libcurl with the operator's endpoint allowed (it may well be private) and room to read back any
    /// poster whole.
    public static let defaultTransport: TransportConfiguration = {
        var configuration = TransportConfiguration()
        configuration.maxResponseBytes = 1 << 30
        return configuration
    }()

    public var summary: String {
        let e = configuration.endpoint
        return "s3 bucket \(e.bucket) at \(e.scheme)://\(e.host) (\(configuration.region), \(e.addressing == .path ? "path-style" : "virtual-hosted"))"
    }

    /// The object key of a stored name: the key prefix, then the name.
    public func key(for name: String) -> String { configuration.keyPrefix + name }

    public func put(name: String, bytes: [UInt8], contentType: String) throws(StorageError) -> String {
        let key = key(for: name)
        try upload(key: key, bytes: bytes, contentType: contentType)
        return downloadURL(key: key)
    }

    /// Writes an object, in one PUT or as a multipart upload by size.
    public func upload(key: String, bytes: [UInt8], contentType: String) throws(StorageError) {
        if bytes.count >= configuration.multipartThreshold {
            try MultipartUpload(store: self, key: key, contentType: contentType).run(bytes)
        } else {
            let response = try send("PUT", key: key, headers: objectHeaders(contentType: contentType), body: bytes)
            try expectSuccess(response, doing: "uploading \(key)")
        }
    }

    /// Reads an object whole.
    public func get(key: String) throws(StorageError) -> [UInt8] {
        let response = try send("GET", key: key)
        try expectSuccess(response, doing: "reading \(key)")
        return response.body
    }

    /// The header fields of an object, or nil when there is none.
    public func head(key: String) throws(StorageError) -> HTTPResponse? {
        let response = try send("HEAD", key: key)
        if response.status == 404 { return nil }
        try expectSuccess(response, doing: "looking up \(key)")
        return response
    }

    public func delete(key: String) throws(StorageError) {
        let response = try send("DELETE", key: key)
        try expectSuccess(response, doing: "deleting \(key)")
    }

    /// The URL a finished poster is downloaded from: under the public base URL when one is configured, else
    /// a presigned GET valid for `presignExpiry` seconds.
    public func downloadURL(key: String, now: Date = Date()) -> String {
        if let base = configuration.publicBaseURL, !base.isEmpty {
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            return trimmed + SigV4Encoding.encode("/" + key, keepSlash: true)
        }
        return presignedURL(key: key, expires: configuration.presignExpiry, now: now)
    }

    /// A presigned URL for `method` on `key`, valid for `expires` seconds from `now`.
    public func presignedURL(key: String, method: String = "GET", expires: Int, now: Date = Date()) -> String {
        let endpoint = configuration.endpoint
        let request = SignableRequest(method: method, path: endpoint.path(key: key), headers: [("Host", endpoint.requestHost)])
        return endpoint.url(for: signer.presign(request, expires: expires, date: now).request)
    }

    /// HEAD on the bucket: proves the endpoint answers, the credentials are accepted and the bucket exists.
    public func check() -> Result<Void, StorageError> {
        do {
            let response = try send("HEAD", key: "")
            try expectSuccess(response, doing: "checking the bucket")
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Requests

    func objectHeaders(contentType: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", contentType)]
        if let cacheControl = configuration.cacheControl, !cacheControl.isEmpty { headers.append(("Cache-Control", cacheControl)) }
        return headers
    }

    /// Signs and sends one request on `key` (the bucket itself when empty).
    func send(_ method: String, key: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
              body: [UInt8] = []) throws(StorageError) -> HTTPResponse {
        let endpoint = configuration.endpoint
        let request = SignableRequest(method: method, path: endpoint.path(key: key), query: query,
                                      headers: [("Host", endpoint.requestHost)] + headers)
        let signed = signer.sign(request, payloadHash: SigV4Signer.hash(body), date: Date())
        let http = HTTPRequest(method: method, url: endpoint.url(for: signed.request), headers: signed.request.headers, body: body,
                               timeout: configuration.requestTimeout)
        do {
            return try transport.send(http)
        } catch {
            let retry = error.isRetryable ? StorageError.Code.unavailable : .configuration
            throw StorageError(retry, "\(method) \(endpoint.scheme)://\(endpoint.requestHost)\(signed.request.encodedPath): \(error.message)")
        }
    }

    /// Turns a non-2xx answer into an error that says what failed and what to check.
    func expectSuccess(_ response: HTTPResponse, doing what: String) throws(StorageError) {
        guard !response.isSuccess else { return }
        throw Self.error(response, doing: what, bucket: configuration.endpoint.bucket)
    }

    static func error(_ response: HTTPResponse, doing what: String, bucket: String) -> StorageError {
        let document = S3ErrorDocument(response.body)
        let summary = document.summary(status: response.status)
        if response.status >= 500 || response.status == 429 || response.status == 408 {
            return StorageError(.unavailable, "\(what) in bucket \(bucket) failed: \(summary); the server is unavailable, the upload will be retried")
        }
        let hint: String
        switch document.code ?? "" {
        case "SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "InvalidToken", "ExpiredToken":
            hint = "check CARTOPRESS_S3_ACCESS_KEY_ID, CARTOPRESS_S3_SECRET_ACCESS_KEY and the key's permissions on the bucket"
        case "NoSuchBucket":
            hint = "create the bucket or check CARTOPRESS_S3_BUCKET"
        case "AuthorizationHeaderMalformed", "AuthorizationQueryParametersError":
            hint = "check CARTOPRESS_S3_REGION"
        case "PermanentRedirect":
            hint = "the bucket lives elsewhere: check CARTOPRESS_S3_ENDPOINT and CARTOPRESS_S3_REGION"
        default:
            hint = response.status == 403 ? "check the S3 credentials and the bucket policy"
                : response.status == 404 && what == "checking the bucket" ? "create the bucket or check CARTOPRESS_S3_BUCKET"
                : "check the S3 settings"
        }
        return StorageError(.refused, "\(what) in bucket \(bucket) was refused: \(summary); \(hint)")
    }
}
