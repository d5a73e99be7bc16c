import CCurlRuntime

/// A libcurl share handle, owned: the pool's easy handles share its DNS answers and TLS sessions, so a
/// new connection skips the lookup and resumes the TLS session another handle negotiated. Connections stay
/// with their handles (each returns to the pool with its connection open). Each easy handle keeps the
/// share alive; it is cleaned up after the last of them.
final class CurlShare: @unchecked Sendable {
    // @unchecked: libcurl serialises access to the shared data through the lock callbacks of the shim.
    let handle: UnsafeMutableRawPointer

    init?() {
        guard CurlEasyHandle.loadError == nil, let created = cp_curl_share_create() else { return nil }
        handle = created
    }

    deinit {
        cp_curl_share_cleanup(handle)
    }
}
