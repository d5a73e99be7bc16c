/// `["semiliteral", value]`: a literal whose array items may be expressions.
struct Semiliteral: Expression {
    let type: ExpressionType
    let items: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, items: [any Expression]) {
        self.type = type
        self.items = items
        allDependencies = .of(self)
    }

    var children: [any Expression] { items }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        var values: [StyleValue] = []
        for item in items { values.append(try item.evaluate(context)) }
        return .array(values)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else {
            return parser.error("'semiliteral' expression requires exactly one argument, but found \(args.count - 1) instead.")
        }
        guard case .array(let elements) = args[1] else {
            return Literal(type: ExpressionType.of(StyleValue(args[1])), value: StyleValue(args[1]))
        }
        var items: [any Expression] = []
        var itemType: ExpressionType?
        for (i, element) in elements.enumerated() {
            guard let item = parser.child(1, expected: nil).child(i, expected: nil).parse(element) else { return nil }
            if itemType == nil { itemType = item.type } else if itemType != item.type { itemType = .value }
            items.append(item)
        }
        return Semiliteral(type: .array(itemType ?? .value, items.count), items: items)
    }
}
