import CCurl
import CCurlShare

/// A libcurl share handle, owned: the pool's easy handles share its connection cache, DNS answers and TLS
/// sessions, so a connection opened by one request is reused by the next whichever handle makes it. Each
/// easy handle keeps the share alive; it is cleaned up after the last of them.
final class CurlShare: @unchecked Sendable {
    // @unchecked: libcurl serialises access to the shared data through the lock callbacks of the shim.
    let handle: UnsafeMutableRawPointer

    init?() {
        guard CurlEasyHandle.globalInit, let created = cp_curl_share_create() else { return nil }
        handle = created
    }

    deinit {
        curl_share_cleanup(handle)
    }
}
