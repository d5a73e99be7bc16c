import Canvas
import StyleKit

/// Reads typed fields out of a JSON object and collects what is wrong with them, each under its JSON path.
struct FieldReader {
    private(set) var details: [APIError.Detail] = []
    /// Valid requests for things the renderer does not draw yet (answered 422, not 400).
    private(set) var unsupported: [APIError.Detail] = []
    /// What was accepted but not used as sent (a field that is not one, a latitude clamped, an id replaced
    /// by the default), in words: answered in the response's `warnings` and logged, so that a typo is
    /// visible without refusing what carto-art accepted.
    private(set) var warnings: [String] = []
    /// Warnings kept for one request; a body with thousands of unknown keys gets a count for the rest.
    static let maxWarnings = 20
    private var droppedWarnings = 0

    mutating func fail(_ field: String, _ reason: String) {
        details.append(.init(field: field, reason: reason))
    }

    mutating func unsupported(_ field: String, _ reason: String) {
        unsupported.append(.init(field: field, reason: reason))
    }

    mutating func warn(_ field: String, _ text: String) {
        guard warnings.count < Self.maxWarnings else {
            droppedWarnings += 1
            return
        }
        warnings.append("\(field): \(text)")
    }

    /// The warnings, with a count of those left out.
    var allWarnings: [String] {
        droppedWarnings == 0 ? warnings : warnings + ["\(droppedWarnings) more warnings left out"]
    }

    /// Ignores keys outside `allowed`, as carto-art strips them, but names each in a warning with the
    /// nearest known field, so that a misspelt field is still visible.
    mutating func allowOnly(_ object: [String: JSONValue], path: String, _ allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            warn(String(field.prefix(100)), "is not a field of the request and was ignored\(Self.suggestion(for: key, among: allowed, path: path))")
        }
    }

    /// " (did you mean text.title?)" when a known name is within three edits of `key`, else "".
    static func suggestion(for key: String, among known: Set<String>, path: String) -> String {
        let probe = String(key.prefix(64))
        guard let nearest = known.min(by: { ConfigurationReader.distance(probe, $0) < ConfigurationReader.distance(probe, $1) }),
              ConfigurationReader.distance(probe, nearest) <= min(3, max(1, nearest.count / 2)) else { return "" }
        return " (did you mean \(path.isEmpty ? nearest : "\(path).\(nearest)")?)"
    }

    mutating func object(_ value: JSONValue?, _ field: String, required: Bool = false) -> [String: JSONValue]? {
        switch value {
        case .object(let object)?: return object
        case nil, .null?:
            if required { fail(field, "is required") }
            return nil
        case let other?:
            fail(field, "must be an object, not \(Self.kind(other))")
            return nil
        }
    }

    mutating func array(_ value: JSONValue?, _ field: String, maxCount: Int) -> [JSONValue]? {
        switch value {
        case .array(let items)?:
            if items.count > maxCount {
                fail(field, "has \(items.count) items; at most \(maxCount) are allowed")
                return nil
            }
            return items
        case nil, .null?: return nil
        case let other?:
            fail(field, "must be an array, not \(Self.kind(other))")
            return nil
        }
    }

    mutating func number(_ value: JSONValue?, _ field: String, in range: ClosedRange<Double>, required: Bool = false) -> Double? {
        switch value {
        case .number(let number)?:
            guard number.isFinite, range.contains(number) else {
                fail(field, "is \(Self.format(number)); it must be from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
                return nil
            }
            return number
        case nil, .null?:
            if required { fail(field, "is required") }
            return nil
        case let other?:
            fail(field, "must be a number, not \(Self.kind(other))")
            return nil
        }
    }

    mutating func integer(_ value: JSONValue?, _ field: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = self.number(value, field, in: Double(range.lowerBound)...Double(range.upperBound)) else { return nil }
        guard number == number.rounded() else {
            fail(field, "is \(Self.format(number)); it must be a whole number")
            return nil
        }
        return Int(number)
    }

    mutating func bool(_ value: JSONValue?, _ field: String) -> Bool? {
        switch value {
        case .bool(let flag)?: return flag
        case nil, .null?: return nil
        case let other?:
            fail(field, "must be true or false, not \(Self.kind(other))")
            return nil
        }
    }

    mutating func string(_ value: JSONValue?, _ field: String, maxLength: Int) -> String? {
        switch value {
        case .string(let text)?:
            // Characters are counted as JSON Schema counts them: Unicode code points, not grapheme clusters.
            let length = text.unicodeScalars.count
            guard length <= maxLength else {
                fail(field, "is \(length) characters long; the limit is \(maxLength)")
                return nil
            }
            return text
        case nil, .null?: return nil
        case let other?:
            fail(field, "must be a string, not \(Self.kind(other))")
            return nil
        }
    }

    mutating func oneOf(_ value: JSONValue?, _ field: String, _ choices: [String]) -> String? {
        guard let text = string(value, field, maxLength: 100) else { return nil }
        guard choices.contains(text) else {
            fail(field, "is \"\(text.prefix(40))\"; give one of \(choices.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// One of an enumeration's cases by its raw value, the choices named in the error.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ value: JSONValue?, _ field: String, _ type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        oneOf(value, field, Choice.allCases.map(\.rawValue)).flatMap(Choice.init(rawValue:))
    }

    /// A colour as `#rrggbb` or `#rgb`, parsed here once.
    mutating func color(_ value: JSONValue?, _ field: String) -> RGBAColor? {
        guard let text = string(value, field, maxLength: 7) else { return nil }
        guard let color = RGBAColor(hexString: text) else {
            fail(field, "\"\(text)\" is not a #rrggbb or #rgb colour")
            return nil
        }
        return color
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
