/// The value of a `projection` property part-way between two projections: what a zoom `interpolate`
/// between projection names produces (a plain name stays a string).
public struct ProjectionDefinition: Sendable, Hashable {
    public var from: String
    public var to: String
    /// 0 at `from`, 1 at `to`.
    public var transition: Double

    public init(from: String, to: String, transition: Double) {
        self.from = from
        self.to = to
        self.transition = transition
    }

    /// Whether a value can be read as a projection definition: a name, `[from, to, transition]` or
    /// `{from, to, transition}`.
    static func isValid(_ value: StyleValue) -> Bool {
        switch value {
        case .projection, .string: return true
        case .array(let items):
            guard items.count == 3, case .string = items[0], case .string = items[1], case .number = items[2] else { return false }
            return true
        case .object(let fields):
            guard case .string? = fields["from"], case .string? = fields["to"], case .number? = fields["transition"] else { return false }
            return true
        default:
            return false
        }
    }

    /// As MapLibre prints one: the name when the transition is complete and goes nowhere, else a JSON array.
    var text: String {
        if from == to && transition == 1 { return from }
        return Runtime.json(.array([.string(from), .string(to), .number(transition)]))
    }
}
