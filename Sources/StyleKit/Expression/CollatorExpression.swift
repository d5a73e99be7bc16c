/// `["collator", {"case-sensitive": bool, "diacritic-sensitive": bool, "locale": string}]`: a ``Collator``
/// for the string comparisons. Never folded to a constant, as in MapLibre: what a collator does depends on
/// the environment's locale data rather than on its arguments alone.
struct CollatorExpression: Expression {
    let caseSensitive: any Expression
    let diacriticSensitive: any Expression
    let locale: (any Expression)?
    private(set) var allDependencies: ExpressionDependencies = []

    init(caseSensitive: any Expression, diacriticSensitive: any Expression, locale: (any Expression)?) {
        self.caseSensitive = caseSensitive
        self.diacriticSensitive = diacriticSensitive
        self.locale = locale
        allDependencies = .of(self)
    }

    var type: ExpressionType { .collator }
    var ownDependencies: ExpressionDependencies { .opaque }
    var children: [any Expression] { [caseSensitive, diacriticSensitive] + (locale.map { [$0] } ?? []) }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let locale = try self.locale.map { e throws(ExpressionRuntimeError) in try Runtime.string(e.evaluate(context)) }
        return .collator(Collator(caseSensitive: try Runtime.bool(caseSensitive.evaluate(context)),
                                  diacriticSensitive: try Runtime.bool(diacriticSensitive.evaluate(context)), locale: locale))
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else { return parser.error("Expected one argument.") }
        guard case .object(let options) = args[1] else { return parser.error("Collator options argument must be an object.") }
        // The options are parsed at the options' index, as MapLibre keys them.
        guard let caseSensitive = parser.child(1, expected: .boolean).parse(options["case-sensitive"] ?? .bool(false)),
              let diacriticSensitive = parser.child(1, expected: .boolean).parse(options["diacritic-sensitive"] ?? .bool(false)) else { return nil }
        var locale: (any Expression)?
        // JavaScript skips a falsy locale ("", null, false, 0) as if it were absent.
        if let json = options["locale"], !isFalsy(json) {
            guard let parsed = parser.child(1, expected: .string).parse(json) else { return nil }
            locale = parsed
        }
        return CollatorExpression(caseSensitive: caseSensitive, diacriticSensitive: diacriticSensitive, locale: locale)
    }

    private static func isFalsy(_ json: JSONValue) -> Bool {
        switch json {
        case .null, .bool(false), .string(""): true
        case .number(let n): n == 0 || n.isNaN
        default: false
        }
    }
}
