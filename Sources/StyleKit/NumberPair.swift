/// Two numbers, x and y: MapLibre's `array<number, 2>` of `*-translate` and `text-offset`. Unlike a
/// dash array it has a length, so it interpolates component by component (a zoom `interpolate` from
/// `[0, 0]` to `[-2, -2]` is valid style JSON).
public struct NumberPair: StylePropertyType {
    public var values: [Double]
    public init(_ values: [Double]) { self.values = values }

    public static func literal(_ json: JSONValue) -> NumberPair? {
        guard case .array(let items) = json, items.count == 2 else { return nil }
        let numbers = items.compactMap { item -> Double? in if case .number(let v) = item { v } else { nil } }
        return numbers.count == 2 ? NumberPair(numbers) : nil
    }
    public static func value(_ value: StyleValue) -> NumberPair? {
        guard case .array(let items) = value, items.count == 2 else { return nil }
        let numbers = items.compactMap { item -> Double? in if case .number(let v) = item { v } else { nil } }
        return numbers.count == 2 ? NumberPair(numbers) : nil
    }
    public static func interpolate(_ a: NumberPair, _ b: NumberPair, _ t: Double) -> NumberPair {
        NumberPair(zip(a.values, b.values).map { $0 + ($1 - $0) * t })
    }
    public static var interpolatable: Bool { true }
    public static var expectation: String { "an array of two numbers" }
    public static var expressionType: ExpressionType { .array(.number, 2) }
    public static func json(_ value: NumberPair) -> JSONValue { .array(value.values.map { .number($0) }) }
}
