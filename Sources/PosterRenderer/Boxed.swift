/// An immutable value held by reference, so that a struct that rarely has one stays small to copy.
final class Boxed<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
