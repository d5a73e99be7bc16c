import Foundation

/// Slots that concurrent work writes its results into, one per index.
final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var values: [Value?]
    private var filled = 0
    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores a slot's value; true for the store that fills the last empty slot (exactly one caller sees it).
    @discardableResult
    func store(_ index: Int, _ value: Value) -> Bool {
        lock.withLock {
            if values[index] == nil { filled += 1 }
            values[index] = value
            return filled == values.count
        }
    }
    func take(_ index: Int) -> Value? { lock.withLock { values[index] } }
}
