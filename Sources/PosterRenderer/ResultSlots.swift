import Foundation

/// Slots that concurrent work writes its results into, one per index.
final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var values: [Value?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func store(_ index: Int, _ value: Value) { lock.withLock { values[index] = value } }
    func take(_ index: Int) -> Value? { lock.withLock { values[index] } }
}
