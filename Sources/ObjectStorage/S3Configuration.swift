import Foundation

/// How to reach one S3-compatible bucket and how objects are written to it. Defaults suit AWS and the
/// common self-hosted servers (MinIO, SeaweedFS, Garage, R2) alike.
public struct S3Configuration: Sendable, Hashable {
    public var endpoint: S3Endpoint
    public var region: String
    public var credentials: AWSCredentials
    /// Prepended to every object name (`posters/` gives `posters/job_….png`).
    public var keyPrefix: String = ""
    /// When set, `download_url`s are `<publicBaseURL>/<key>` (a CDN or a public bucket) instead of
    /// presigned GET URLs.
    public var publicBaseURL: String?
    /// Lifetime of a presigned `download_url` in seconds (SigV4 allows at most 7 days).
    public var presignExpiry: Int = 7 * 86_400
    /// Objects of at least this many bytes go up as a multipart upload.
    public var multipartThreshold: Int = 16 << 20
    /// Bytes per part of a multipart upload (S3 wants at least 5 MiB for every part but the last).
    public var partSize: Int = 8 << 20
    /// Parts of one multipart upload sent at the same time.
    public var partConcurrency: Int = 4
    /// `Cache-Control` of every stored poster: a poster never changes once written.
    public var cacheControl: String? = "public, max-age=31536000, immutable"
    /// Seconds one request may take, upload included.
    public var requestTimeout: Double = 120

    public init(endpoint: S3Endpoint, region: String, credentials: AWSCredentials) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
    }

    /// Checks the numbers that S3 itself would refuse later, with the setting to change.
    public func validate() throws(StorageError) {
        guard (1...604_800).contains(presignExpiry) else {
            throw StorageError(.configuration, "the presigned URL lifetime must be 1 to 604800 seconds (7 days), not \(presignExpiry)")
        }
        guard partSize >= 5 << 20 else {
            throw StorageError(.configuration, "multipart parts must be at least 5 MiB (S3's minimum), not \(partSize) bytes")
        }
        guard multipartThreshold >= partSize else {
            throw StorageError(.configuration, "the multipart threshold (\(multipartThreshold) bytes) must be at least the part size (\(partSize) bytes)")
        }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw StorageError(.configuration, "the S3 region \"\(region)\" should look like us-east-1 (use us-east-1 for servers without regions)")
        }
        guard !credentials.accessKeyID.isEmpty, !credentials.secretAccessKey.isEmpty else {
            throw StorageError(.configuration, "the S3 access key id and secret access key must both be set")
        }
    }
}
