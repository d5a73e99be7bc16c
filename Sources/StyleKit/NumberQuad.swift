/// Four numbers: MapLibre's `array<number, 4>` of `icon-text-fit-padding` (top, right, bottom, left).
/// It has a length, so it interpolates component by component.
public struct NumberQuad: StylePropertyType {
    public var values: [Double]
    public init(_ values: [Double]) { self.values = values }

    public static func literal(_ json: JSONValue) -> NumberQuad? {
        guard case .array(let items) = json, items.count == 4 else { return nil }
        let numbers = items.compactMap { item -> Double? in if case .number(let v) = item { v } else { nil } }
        return numbers.count == 4 ? NumberQuad(numbers) : nil
    }
    public static func value(_ value: StyleValue) -> NumberQuad? {
        guard case .array(let items) = value, items.count == 4 else { return nil }
        let numbers = items.compactMap { item -> Double? in if case .number(let v) = item { v } else { nil } }
        return numbers.count == 4 ? NumberQuad(numbers) : nil
    }
    public static func interpolate(_ a: NumberQuad, _ b: NumberQuad, _ t: Double) -> NumberQuad {
        NumberQuad(zip(a.values, b.values).map { $0 + ($1 - $0) * t })
    }
    public static var interpolatable: Bool { true }
    public static var expectation: String { "an array of four numbers" }
    public static var expressionType: ExpressionType { .array(.number, 4) }
    public static func json(_ value: NumberQuad) -> JSONValue { .array(value.values.map { .number($0) }) }
}
