import Crypto
public import Foundation

/// AWS Signature Version 4, written here rather than taken from libcurl (whose built-in signing fails for
/// S3 keys containing `=` or `+`). Checked against the AWS test suite and against botocore's signatures.
///
/// S3 signs the path exactly as sent (`normalizePath: false`, the default) and wants the payload hash in
/// `x-amz-content-sha256`; other services normalise the path.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    /// The payload hash S3 accepts for a body it is not told the hash of (presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The parts of a signature, for tests and for error messages that show what was signed.
    public struct Signed: Sendable {
        public var request: SignableRequest
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
    }

    /// Signs `request` with an `Authorization` header. Adds `X-Amz-Date`, `x-amz-security-token` for
    /// temporary credentials and, when `sendPayloadHash` is set (always for S3), `x-amz-content-sha256`.
    ///
    /// - Parameter payloadHash: hex SHA-256 of the body, or ``unsignedPayload``.
    /// - Parameter signSessionToken: false adds the session token after signing, outside the signature
    ///   (some services, such as IoT, want it so).
    public func sign(_ request: SignableRequest, payloadHash: String, date: Date, sendPayloadHash: Bool = true,
                     normalizePath: Bool = false, signSessionToken: Bool = true) -> Signed {
        var request = request
        let stamp = Self.timestamp(date)
        request.headers.removeAll { ["authorization", "x-amz-date"].contains($0.name.lowercased()) }
        request.headers.append(("X-Amz-Date", stamp))
        if let token = credentials.sessionToken, signSessionToken { request.headers.append(("X-Amz-Security-Token", token)) }
        if sendPayloadHash && request.header("x-amz-content-sha256") == nil {
            request.headers.append(("x-amz-content-sha256", payloadHash))
        }
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        let canonical = [
            request.method.uppercased(),
            canonicalPath(request.path, normalize: normalizePath),
            SigV4Encoding.canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = self.scope(date)
        let toSign = stringToSign(canonical, stamp: stamp, scope: scope)
        let signature = self.signature(toSign, date: date)
        request.headers.append(("Authorization",
                                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        if let token = credentials.sessionToken, !signSessionToken { request.headers.append(("X-Amz-Security-Token", token)) }
        return Signed(request: request, canonicalRequest: canonical, stringToSign: toSign, signature: signature)
    }

    /// A presigned request: the signature travels in the query (`X-Amz-Signature`), valid for `expires`
    /// seconds from `date`. Only `host` (and any headers already on the request) is signed.
    public func presign(_ request: SignableRequest, expires: Int, date: Date, payloadHash: String = SigV4Signer.unsignedPayload,
                        normalizePath: Bool = false, signSessionToken: Bool = true) -> Signed {
        var request = request
        let stamp = Self.timestamp(date)
        let scope = self.scope(date)
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        request.query.removeAll { $0.name.hasPrefix("X-Amz-") }
        request.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", stamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        if let token = credentials.sessionToken, signSessionToken { request.query.append(("X-Amz-Security-Token", token)) }
        let canonical = [
            request.method.uppercased(),
            canonicalPath(request.path, normalize: normalizePath),
            SigV4Encoding.canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let toSign = stringToSign(canonical, stamp: stamp, scope: scope)
        let signature = self.signature(toSign, date: date)
        request.query.append(("X-Amz-Signature", signature))
        if let token = credentials.sessionToken, !signSessionToken { request.query.append(("X-Amz-Security-Token", token)) }
        return Signed(request: request, canonicalRequest: canonical, stringToSign: toSign, signature: signature)
    }

    /// Hex SHA-256 of a body, for `payloadHash`.
    public static func hash(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).hex
    }

    // MARK: - The steps of the algorithm

    func canonicalPath(_ path: String, normalize: Bool) -> String {
        let path = path.isEmpty ? "/" : path
        return SigV4Encoding.encode(normalize ? SigV4Encoding.normalize(path) : path, keepSlash: true)
    }

    /// Lower-case names, sorted; values trimmed with inner runs of whitespace (line folds included)
    /// collapsed to one space; repeated names joined with commas in the order given.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var values: [String: [String]] = [:]
        for field in headers {
            let value = field.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            values[field.name.lowercased(), default: []].append(value)
        }
        let names = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (canonical, names.joined(separator: ";"))
    }

    func scope(_ date: Date) -> String {
        "\(Self.timestamp(date).prefix(8))/\(region)/\(service)/aws4_request"
    }

    func stringToSign(_ canonicalRequest: String, stamp: String, scope: String) -> String {
        "AWS4-HMAC-SHA256\n\(stamp)\n\(scope)\n\(SHA256.hash(data: Data(canonicalRequest.utf8)).hex)"
    }

    func signature(_ stringToSign: String, date: Date) -> String {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
        }
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(Self.timestamp(date).prefix(8)), region, service, "aws4_request"] { key = hmac(key, part) }
        return HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key).hex
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
