/// Every operator this version compiles, by name.
enum OperatorRegistry {
    typealias Parser = @Sendable (_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)?

    static let parsers: [String: Parser] = {
        var table: [String: Parser] = [
            "literal": Literal.parseOperator, "semiliteral": Semiliteral.parse, "format": Format.parse, "number-format": NumberFormatExpression.parse,
            "let": Let.parse, "var": Var.parse,
            "case": Case.parse, "coalesce": Coalesce.parse, "match": Match.parse,
            "==": Comparison.parse, "!=": Comparison.parse, "<": Comparison.parse, "<=": Comparison.parse,
            ">": Comparison.parse, ">=": Comparison.parse,
            "at": At.parse, "in": Search.parse, "index-of": Search.parse, "slice": Slice.parse, "length": Length.parse,
            "collator": CollatorExpression.parse, "image": ImageExpression.parse, "within": Within.parse, "distance": Distance.parse,
            "step": Step.parse, "interpolate": Interpolate.parse, "interpolate-hcl": Interpolate.parse, "interpolate-lab": Interpolate.parse,
        ]
        for name in ["string", "number", "boolean", "object", "array"] { table[name] = Assertion.parse }
        for name in Coercion.types.keys { table[name] = Coercion.parse }
        for name in CompoundDefinitions.all.keys { table[name] = CompoundExpression.parse }
        return table
    }()
}
