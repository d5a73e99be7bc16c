import CCurlRuntime
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libcurl easy handle, owned: cleaned up in `deinit`. Reused across requests so that its connection
/// cache keeps connections to the same host open.
final class CurlEasyHandle {
    private let curl: UnsafeMutableRawPointer
    /// The pool's share handle, kept alive as long as this handle.
    private let share: CurlShare?

    /// Nil once libcurl is open (on first use) and initialised, else why it is not.
    static var loadError: String? { cp_curl_load_error().map { String(cString: $0) } }

    init(share: CurlShare? = nil) throws(HTTPTransportError) {
        if let why = Self.loadError { throw HTTPTransportError(.other, "HTTP requests need libcurl: \(why)") }
        guard let handle = cp_curl_easy_init() else {
            throw HTTPTransportError(.other, "libcurl could not make a handle")
        }
        curl = handle
        self.share = share
    }

    deinit {
        cp_curl_easy_cleanup(curl)
    }

    /// What one exchange collects; handed to the C callbacks as their user data.
    final class Exchange {
        var body: [UInt8] = []
        var headers: [(name: String, value: String)] = []
        let maxBytes: Int
        let policy: AddressPolicy
        var tooLarge = false
        /// Past `maxBytes`, drop the rest of the body instead of failing the request.
        let truncates: Bool
        var blocked: [String] = []
        init(maxBytes: Int, policy: AddressPolicy, truncates: Bool = false) {
            self.maxBytes = maxBytes
            self.policy = policy
            self.truncates = truncates
        }
    }

    func perform(_ request: HTTPRequest, _ configuration: TransportConfiguration) throws(HTTPTransportError) -> HTTPResponse {
        cp_curl_easy_reset(curl)
        // A reset forgets the share: set it again, with HTTP/2 where TLS can negotiate it.
        if let share { _ = cp_curl_easy_setopt_share(curl, share.handle) }
        _ = cp_curl_easy_setopt_long(curl, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        let exchange = Exchange(maxBytes: configuration.maxResponseBytes, policy: configuration.addressPolicy,
                                truncates: configuration.truncatesLargeBodies)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { cp_curl_slist_free_all(headerList) }
        for field in request.headers { headerList = cp_curl_slist_append(headerList, "\(field.name): \(field.value)") }
        // No 100-continue round trip, and no form content type libcurl would add to a body on its own.
        headerList = cp_curl_slist_append(headerList, "Expect:")
        if !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headerList = cp_curl_slist_append(headerList, "Content-Type:")
        }

        let method = request.method.uppercased()
        let code: CURLcode = withExtendedLifetime(exchange) {
            let user = Unmanaged.passUnretained(exchange).toOpaque()
            return request.body.withUnsafeBufferPointer { body in
                set(CURLOPT_URL, request.url)
                set(CURLOPT_NOSIGNAL, 1)
                set(CURLOPT_FOLLOWLOCATION, 0)
                _ = cp_curl_easy_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
                set(CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
                set(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
                set(CURLOPT_USERAGENT, configuration.userAgent)
                _ = cp_curl_easy_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList)
                switch method {
                case "GET": set(CURLOPT_HTTPGET, 1)
                case "HEAD": set(CURLOPT_NOBODY, 1)
                default:
                    set(CURLOPT_CUSTOMREQUEST, method)
                    if !body.isEmpty || method == "PUT" || method == "POST" {
                        _ = cp_curl_easy_setopt_off_t(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                        let pointer = body.isEmpty ? UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)
                            : UnsafeMutableRawPointer(mutating: body.baseAddress!)
                        _ = cp_curl_easy_setopt_pointer(curl, CURLOPT_POSTFIELDS, pointer)
                    }
                }
                _ = cp_curl_easy_setopt_write_callback(curl, CURLOPT_WRITEFUNCTION, Self.onBody)
                _ = cp_curl_easy_setopt_pointer(curl, CURLOPT_WRITEDATA, user)
                _ = cp_curl_easy_setopt_write_callback(curl, CURLOPT_HEADERFUNCTION, Self.onHeader)
                _ = cp_curl_easy_setopt_pointer(curl, CURLOPT_HEADERDATA, user)
                _ = cp_curl_easy_setopt_opensocket_callback(curl, Self.onOpenSocket)
                _ = cp_curl_easy_setopt_pointer(curl, CURLOPT_OPENSOCKETDATA, user)
                return cp_curl_easy_perform(curl)
            }
        }
        guard code == CURLE_OK else { throw Self.error(code, exchange, url: request.url) }
        var status = 0
        _ = cp_curl_easy_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: exchange.headers, body: exchange.body)
    }

    private func set(_ option: CURLoption, _ value: Int) {
        _ = cp_curl_easy_setopt_long(curl, option, value)
    }

    private func set(_ option: CURLoption, _ value: String) {
        _ = cp_curl_easy_setopt_string(curl, option, value)
    }

    static func error(_ code: CURLcode, _ exchange: Exchange, url: String) -> HTTPTransportError {
        let text = String(cString: cp_curl_easy_strerror(code))
        let host = URLComponents(string: url)?.host ?? url
        if exchange.tooLarge {
            return HTTPTransportError(.responseTooLarge, "the response from \(host) is larger than \(exchange.maxBytes) bytes")
        }
        if !exchange.blocked.isEmpty {
            return HTTPTransportError(.blockedAddress, "\(host) resolves to \(exchange.blocked.joined(separator: ", ")), which is not a public address; requests to private networks are refused")
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPTransportError(.timeout, "\(host) did not answer in time (\(text))")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return HTTPTransportError(.invalidURL, "\(url) cannot be requested: \(text)")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
             CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            return HTTPTransportError(.connection, "\(host): \(text)")
        default:
            return HTTPTransportError(.other, "\(host): \(text) (curl code \(code.rawValue))")
        }
    }

    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
        guard let user, let data else { return 0 }
        let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
        let length = size * count
        guard exchange.body.count + length <= exchange.maxBytes else {
            if exchange.truncates {
                // Keep what fits, take the rest off the wire unread: the status is what the caller wants.
                exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: max(0, exchange.maxBytes - exchange.body.count)))
                return length
            }
            exchange.tooLarge = true
            return 0
        }
        exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, user in
        guard let user, let data else { return 0 }
        let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new response (after a 100 Continue): its headers replace the interim ones.
            exchange.headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            exchange.headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return length
    }

    /// Called by libcurl with each address it is about to connect to: the SSRF guard's check point.
    static let onOpenSocket: @convention(c) (UnsafeMutableRawPointer?, curlsocktype, UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t = { user, _, address in
        guard let user, let address else { return CURL_SOCKET_BAD }
        let exchange = Unmanaged<Exchange>.fromOpaque(user).takeUnretainedValue()
        let family = address.pointee.family
        let bytes: [UInt8] = withUnsafePointer(to: &address.pointee.addr) { pointer in
            let raw = UnsafeRawPointer(pointer)
            if family == AF_INET {
                var v4 = raw.load(as: sockaddr_in.self).sin_addr
                return withUnsafeBytes(of: &v4) { Array($0) }
            }
            if family == AF_INET6 {
                var v6 = raw.load(as: sockaddr_in6.self).sin6_addr
                return withUnsafeBytes(of: &v6) { Array($0) }
            }
            return []
        }
        guard exchange.policy.permits(bytes) else {
            exchange.blocked.append(CurlEasyHandle.text(bytes))
            return CURL_SOCKET_BAD
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }

    static func text(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map { String(Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}
