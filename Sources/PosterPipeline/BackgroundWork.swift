import Dispatch
import Synchronization

/// Work started on another core and waited for where its result is needed: a render's serial start reads
/// the sprite there while it reads and indexes the tiles here.
final class BackgroundWork<Value: Sendable>: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let result = Mutex<Value?>(nil)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let value = work()
            result.withLock { $0 = value }
            finished.signal()
        }
    }

    /// The work's result, once it is done.
    func value() -> Value {
        finished.wait()
        // Signalled again, so that a second call returns at once instead of waiting for ever.
        defer { finished.signal() }
        return result.withLock { $0! }
    }
}
