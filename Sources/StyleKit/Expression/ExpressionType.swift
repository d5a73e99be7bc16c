/// The types of the MapLibre expression language, written as the spec writes them (`array<number, 2>`).
public indirect enum ExpressionType: Hashable, Sendable, CustomStringConvertible {
    case null, number, string, boolean, color, object, value, error, collator, formatted, resolvedImage, padding
    /// Types of particular properties: `hillshade-*` arrays, `text-variable-anchor-offset`, `projection`.
    case numberArray, colorArray, variableAnchorOffsetCollection, projectionDefinition
    case array(ExpressionType, Int?)

    /// `array` with no item type or length: an array of anything.
    public static let anyArray = ExpressionType.array(.value, nil)

    public var description: String {
        switch self {
        case .null: "null"
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean"
        case .color: "color"
        case .object: "object"
        case .value: "value"
        case .error: "error"
        case .collator: "collator"
        case .formatted: "formatted"
        case .resolvedImage: "resolvedImage"
        case .padding: "padding"
        case .numberArray: "numberArray"
        case .colorArray: "colorArray"
        case .variableAnchorOffsetCollection: "variableAnchorOffsetCollection"
        case .projectionDefinition: "projectionDefinition"
        case .array(let item, let length):
            if let length { "array<\(item), \(length)>" } else if item == .value { "array" } else { "array<\(item)>" }
        }
    }

    /// Whether a value of type `actual` is converted to this type where this type is expected (a string
    /// to a colour, an array to padding), rather than asserted or type-checked.
    func coercible(from actual: ExpressionType) -> Bool {
        switch self {
        case .projectionDefinition: [.string, .value].contains(actual) || actual.isArray
        case .color, .formatted, .resolvedImage: actual == .value || actual == .string
        case .padding, .numberArray: [.value, .number].contains(actual) || actual.isArray
        case .colorArray: [.value, .string].contains(actual) || actual.isArray
        case .variableAnchorOffsetCollection: actual == .value || actual.isArray
        default: false
        }
    }

    var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// The types a `value` may hold (a collator is not one of them).
    static let valueMembers: [ExpressionType] = [.null, .number, .string, .boolean, .color, .projectionDefinition, .formatted, .object,
                                                 .anyArray, .padding, .numberArray, .colorArray, .resolvedImage,
                                                 .variableAnchorOffsetCollection]

    /// nil if `actual` may stand where `self` is expected; otherwise the spec's error message.
    func subtypeError(_ actual: ExpressionType) -> String? {
        if actual == .error || actual == self { return nil }
        switch (self, actual) {
        case (.array(let expectedItem, let expectedLength), .array(let item, let length)):
            let lengthOK = expectedLength == nil || expectedLength == length
            // An empty array has no item type of its own and fits any array type.
            let itemOK = expectedItem == .value || expectedItem.subtypeError(item) == nil || (item == .value && length == 0)
            if lengthOK && itemOK { return nil }
        case (.value, _):
            if Self.valueMembers.contains(where: { $0.kindMatches(actual) }) { return nil }
        default:
            if self == actual { return nil }
        }
        return "Expected \(self) but found \(actual) instead."
    }

    private func kindMatches(_ other: ExpressionType) -> Bool {
        switch (self, other) {
        case (.array, .array): true
        default: self == other
        }
    }

    /// The type of a runtime value; arrays report their common item type and length.
    static func of(_ value: StyleValue) -> ExpressionType {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .color: return .color
        case .object: return .object
        case .collator: return .collator
        case .image: return .resolvedImage
        case .padding: return .padding
        case .numberArray: return .numberArray
        case .colorArray: return .colorArray
        case .anchorOffsets: return .variableAnchorOffsetCollection
        case .projection: return .projectionDefinition
        case .array(let items):
            var itemType: ExpressionType?
            for item in items {
                let t = of(item)
                // MapLibre compares item types by identity, and every array's type is a new object: two
                // arrays in an array make it an array of values.
                if itemType == nil { itemType = t } else if itemType != t || t.isArray { itemType = .value; break }
            }
            return .array(itemType ?? .value, items.count)
        }
    }
}
