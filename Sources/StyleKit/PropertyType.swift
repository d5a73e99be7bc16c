/// A type a style property can evaluate to, and how its JSON literals read and its values interpolate.
public protocol StylePropertyType: Sendable, Hashable {
    /// Reads a literal; nil means the JSON is of the wrong type (the caller reports it).
    static func literal(_ json: JSONValue) -> Self?
    /// Reads a value produced for a feature (identity functions, `get`).
    static func value(_ value: StyleValue) -> Self?
    /// Interpolates between two stops; types that cannot interpolate step instead.
    static func interpolate(_ a: Self, _ b: Self, _ t: Double) -> Self
    static var interpolatable: Bool { get }
    /// Names the expected JSON in errors.
    static var expectation: String { get }
    /// The expression type a property of this type compiles against.
    static var expressionType: ExpressionType { get }
    /// The value as style JSON (a legacy function's default).
    static func json(_ value: Self) -> JSONValue
}

extension Double: StylePropertyType {
    public static func literal(_ json: JSONValue) -> Double? {
        if case .number(let v) = json { return v }
        return nil
    }
    public static func value(_ value: StyleValue) -> Double? {
        if case .number(let v) = value { return v }
        return nil
    }
    public static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double { a + (b - a) * t }
    public static var interpolatable: Bool { true }
    public static var expectation: String { "a number" }
    public static var expressionType: ExpressionType { .number }
    public static func json(_ value: Double) -> JSONValue { .number(value) }
}

extension Bool: StylePropertyType {
    public static func literal(_ json: JSONValue) -> Bool? {
        if case .bool(let v) = json { return v }
        return nil
    }
    public static func value(_ value: StyleValue) -> Bool? {
        if case .bool(let v) = value { return v }
        return nil
    }
    public static func interpolate(_ a: Bool, _ b: Bool, _ t: Double) -> Bool { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "a boolean" }
    public static var expressionType: ExpressionType { .boolean }
    public static func json(_ value: Bool) -> JSONValue { .bool(value) }
}

extension String: StylePropertyType {
    public static func literal(_ json: JSONValue) -> String? {
        if case .string(let v) = json { return v }
        return nil
    }
    public static func value(_ value: StyleValue) -> String? {
        switch value {
        case .string(let v): v
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .bool(let v): String(v)
        default: nil
        }
    }
    public static func interpolate(_ a: String, _ b: String, _ t: Double) -> String { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "a string" }
    public static var expressionType: ExpressionType { .string }
    public static func json(_ value: String) -> JSONValue { .string(value) }
}

extension StyleColor: StylePropertyType {
    public static func literal(_ json: JSONValue) -> StyleColor? {
        if case .string(let v) = json { return StyleColor(css: v) }
        return nil
    }
    public static func value(_ value: StyleValue) -> StyleColor? {
        switch value {
        case .color(let c): c
        case .string(let s): StyleColor(css: s)
        default: nil
        }
    }
    public static func interpolate(_ a: StyleColor, _ b: StyleColor, _ t: Double) -> StyleColor { a.interpolated(to: b, fraction: t) }
    public static var interpolatable: Bool { true }
    public static var expectation: String { "a colour" }
    public static var expressionType: ExpressionType { .color }
    public static func json(_ value: StyleColor) -> JSONValue {
        .string("rgba(\(value.r * 255), \(value.g * 255), \(value.b * 255), \(value.a))")
    }
}

/// A list of numbers, such as `line-dasharray`.
public struct NumberArray: StylePropertyType {
    public var values: [Double]
    public init(_ values: [Double]) { self.values = values }
    public static func literal(_ json: JSONValue) -> NumberArray? {
        guard case .array(let items) = json else { return nil }
        var values: [Double] = []
        for item in items {
            guard case .number(let v) = item else { return nil }
            values.append(v)
        }
        return NumberArray(values)
    }
    public static func value(_ value: StyleValue) -> NumberArray? {
        guard case .array(let items) = value else { return nil }
        let numbers = items.compactMap { item -> Double? in if case .number(let v) = item { v } else { nil } }
        return numbers.count == items.count ? NumberArray(numbers) : nil
    }
    public static func interpolate(_ a: NumberArray, _ b: NumberArray, _ t: Double) -> NumberArray { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "an array of numbers" }
    public static var expressionType: ExpressionType { .array(.number, nil) }
    public static func json(_ value: NumberArray) -> JSONValue { .array(value.values.map { .number($0) }) }
}

/// An array of strings (`text-font`).
public struct StringArray: StylePropertyType {
    public var values: [String]
    public init(_ values: [String]) { self.values = values }
    public static func literal(_ json: JSONValue) -> StringArray? {
        guard case .array(let items) = json else { return nil }
        var values: [String] = []
        for item in items {
            guard case .string(let v) = item else { return nil }
            values.append(v)
        }
        return StringArray(values)
    }
    public static func value(_ value: StyleValue) -> StringArray? {
        guard case .array(let items) = value else { return nil }
        let strings = items.compactMap { item -> String? in if case .string(let v) = item { v } else { nil } }
        return strings.count == items.count ? StringArray(strings) : nil
    }
    public static func interpolate(_ a: StringArray, _ b: StringArray, _ t: Double) -> StringArray { t < 1 ? a : b }
    public static var interpolatable: Bool { false }
    public static var expectation: String { "an array of strings" }
    public static var expressionType: ExpressionType { .array(.string, nil) }
    public static func json(_ value: StringArray) -> JSONValue { .array(value.values.map { .string($0) }) }
}
