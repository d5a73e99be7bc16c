import Foundation
import NIOPosix

/// Runs blocking work (hiredis calls, file I/O, rendering) on NIO's thread pool, never on an event loop or
/// the cooperative pool, whose threads must not block.
enum Offload {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// The same, for work that reports only ``APIError``s; anything else becomes a 503.
    static func api<T: Sendable>(_ body: @escaping @Sendable () throws(APIError) -> T) async throws(APIError) -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () throws -> T in try body() }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.unavailable("the server is shutting down (\(error)); retry shortly")
        }
    }
}

extension Offload {
    /// Runs long blocking work (a synchronous render) on a thread of its own, so that it cannot starve the
    /// thread pool that queue and key lookups use.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws(APIError) -> T) async throws(APIError) -> T {
        let result: Result<T, APIError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(APIError) -> T in try body() })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try result.get()
    }
}
