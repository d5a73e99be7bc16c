import Foundation
public import ObjectStorage

/// The `S3_*` settings: where finished posters are uploaded. Set `S3_ENDPOINT` and `S3_BUCKET` (and the
/// keys) to use a bucket; leave them unset to keep posters on local disk.
public struct S3Settings: Sendable, Hashable {
    public var endpoint: String
    public var bucket: String
    public var region: String = "us-east-1"
    public var accessKeyID: String = ""
    public var secretAccessKey: String = ""
    public var sessionToken: String?
    /// nil picks virtual-hosted addressing for AWS endpoints and path-style for everything else.
    public var addressing: S3Endpoint.Addressing?
    public var keyPrefix: String = "posters/"
    public var publicBaseURL: String?
    public var presignSeconds: Int = 7 * 86_400
    public var multipartThresholdMB: Int = 16
    public var partSizeMB: Int = 8
    public var cacheControl: String = "public, max-age=31536000, immutable"

    public init(endpoint: String, bucket: String) {
        self.endpoint = endpoint
        self.bucket = bucket
    }

    static func read(_ reader: inout ConfigurationReader) throws(ConfigurationError) -> S3Settings? {
        let endpoint = reader.string("s3_endpoint").flatMap { $0.isEmpty ? nil : $0 }
        let bucket = reader.string("s3_bucket").flatMap { $0.isEmpty ? nil : $0 }
        let keys = ["s3_region", "s3_access_key_id", "s3_secret_access_key", "s3_session_token", "s3_addressing", "s3_key_prefix",
                    "s3_public_base_url", "s3_presign_seconds", "s3_multipart_threshold_mb", "s3_part_size_mb", "s3_cache_control"]
        guard let endpoint, let bucket else {
            if endpoint != nil || bucket != nil {
                throw ConfigurationError(key: endpoint == nil ? "s3_endpoint" : "s3_bucket", "must be set too: S3 needs both an endpoint and a bucket")
            }
            if let stray = keys.first(where: { reader.values[$0] != nil }) {
                throw ConfigurationError(key: stray, "is set but CARTOPRESS_S3_ENDPOINT and CARTOPRESS_S3_BUCKET are not")
            }
            return nil
        }
        var s = S3Settings(endpoint: endpoint, bucket: bucket)
        s.region = reader.string("s3_region").flatMap { $0.isEmpty ? nil : $0 } ?? s.region
        s.accessKeyID = reader.string("s3_access_key_id") ?? ""
        s.secretAccessKey = reader.string("s3_secret_access_key") ?? ""
        s.sessionToken = reader.string("s3_session_token").flatMap { $0.isEmpty ? nil : $0 }
        if let addressing = reader.string("s3_addressing"), !addressing.isEmpty {
            guard let value = S3Endpoint.Addressing(rawValue: addressing.lowercased()) else {
                throw ConfigurationError(key: "s3_addressing", "is \"\(addressing)\"; give path or virtual")
            }
            s.addressing = value
        }
        s.keyPrefix = reader.string("s3_key_prefix") ?? s.keyPrefix
        s.publicBaseURL = reader.string("s3_public_base_url").flatMap { $0.isEmpty ? nil : $0 }
        s.presignSeconds = try reader.integer("s3_presign_seconds", in: 1...604_800) ?? s.presignSeconds
        s.multipartThresholdMB = try reader.integer("s3_multipart_threshold_mb", in: 5...5120) ?? s.multipartThresholdMB
        s.partSizeMB = try reader.integer("s3_part_size_mb", in: 5...5120) ?? s.partSizeMB
        s.cacheControl = reader.string("s3_cache_control") ?? s.cacheControl
        if s.accessKeyID.isEmpty || s.secretAccessKey.isEmpty {
            throw ConfigurationError(key: s.accessKeyID.isEmpty ? "s3_access_key_id" : "s3_secret_access_key", "must be set to use S3")
        }
        if s.partSizeMB > s.multipartThresholdMB {
            throw ConfigurationError(key: "s3_part_size_mb", "(\(s.partSizeMB)) must not exceed CARTOPRESS_S3_MULTIPART_THRESHOLD_MB (\(s.multipartThresholdMB))")
        }
        _ = try s.storeConfiguration()
        return s
    }

    /// The object store's configuration, or a configuration error naming the setting at fault.
    public func storeConfiguration() throws(ConfigurationError) -> S3Configuration {
        let host = URLComponents(string: endpoint)?.host?.lowercased() ?? ""
        let addressing = self.addressing ?? (host.hasSuffix("amazonaws.com") ? .virtualHost : .path)
        let endpoint: S3Endpoint
        do {
            endpoint = try S3Endpoint(endpoint: self.endpoint, bucket: bucket, addressing: addressing)
        } catch {
            throw ConfigurationError(key: "s3_endpoint", "is unusable: \(error.message)")
        }
        var c = S3Configuration(endpoint: endpoint, region: region,
                                credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken))
        c.keyPrefix = keyPrefix
        c.publicBaseURL = publicBaseURL
        c.presignExpiry = presignSeconds
        c.multipartThreshold = multipartThresholdMB << 20
        c.partSize = partSizeMB << 20
        c.cacheControl = cacheControl.isEmpty ? nil : cacheControl
        do {
            try c.validate()
        } catch {
            throw ConfigurationError(key: "s3_region", "or another S3 setting is unusable: \(error.message)")
        }
        return c
    }
}

extension ServiceConfiguration {
    /// The object store's configuration when S3 is set.
    public func s3Configuration() throws(ConfigurationError) -> S3Configuration? {
        try s3?.storeConfiguration()
    }
}
