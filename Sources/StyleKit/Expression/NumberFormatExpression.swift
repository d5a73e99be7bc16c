import Foundation

/// `["number-format", number, {locale, currency, unit, min-fraction-digits, max-fraction-digits}]`.
struct NumberFormatExpression: Expression {
    let number: any Expression
    let locale: (any Expression)?
    let currency: (any Expression)?
    let unit: (any Expression)?
    let minFraction: (any Expression)?
    let maxFraction: (any Expression)?
    private(set) var allDependencies: ExpressionDependencies = []

    init(number: any Expression, locale: (any Expression)?, currency: (any Expression)?, unit: (any Expression)?, minFraction: (any Expression)?, maxFraction: (any Expression)?) {
        self.number = number
        self.locale = locale
        self.currency = currency
        self.unit = unit
        self.minFraction = minFraction
        self.maxFraction = maxFraction
        allDependencies = .of(self)
    }

    var type: ExpressionType { .string }
    var children: [any Expression] { [number] + [locale, currency, unit, minFraction, maxFraction].compactMap { $0 } }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let value = try Runtime.number(number.evaluate(context))
        func string(_ e: (any Expression)?) throws(ExpressionRuntimeError) -> String? {
            guard let e else { return nil }
            if case .string(let s) = try e.evaluate(context) { return s }
            return nil
        }
        func integer(_ e: (any Expression)?) throws(ExpressionRuntimeError) -> Int? {
            guard let e else { return nil }
            // Fraction digits: ICU takes 0 to 340; anything else from the data is clamped, never a trap.
            if case .number(let n) = try e.evaluate(context) { return min(max(Runtime.clampedInt(n), 0), 340) }
            return nil
        }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: try string(locale) ?? "en-US")
        if let code = try string(currency) {
            formatter.numberStyle = .currency
            formatter.currencyCode = code
        } else {
            formatter.numberStyle = .decimal
            formatter.maximumFractionDigits = 3
        }
        if let min = try integer(minFraction) { formatter.minimumFractionDigits = min }
        if let max = try integer(maxFraction) { formatter.maximumFractionDigits = max }
        var text = formatter.string(from: NSNumber(value: value)) ?? Runtime.formatNumber(value)
        if let unitName = try string(unit) {
            // Short unit forms as Intl.NumberFormat writes them in English.
            let units = ["meter": " m", "kilometer": " km", "celsius": "°C", "fahrenheit": "°F", "kilobyte": " kB", "megabyte": " MB",
                         "percent": "%", "foot": " ft", "mile": " mi", "second": " sec", "hour": " hr", "degree": " deg"]
            text += units[unitName] ?? " \(unitName)"
        }
        return .string(text)
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 3 else { return parser.error("Expected 2 arguments, but found \(args.count - 1) instead.") }
        guard let number = parser.parse(args, 1, expected: .number) else { return nil }
        guard case .object(let options) = args[2] else { return parser.error("NumberFormat options argument must be an object.") }
        let optionParser = parser.child(2, expected: nil)
        func option(_ key: String, _ type: ExpressionType) -> (any Expression)?? {
            guard let json = options[key] else { return .some(nil) }
            guard let e = optionParser.child(0, expected: type).parse(json) else { return nil }
            return .some(e)
        }
        if options["currency"] != nil && options["unit"] != nil {
            return parser.error("NumberFormat options `currency` and `unit` are mutually exclusive")
        }
        guard let locale = option("locale", .string), let currency = option("currency", .string), let unit = option("unit", .string),
              let minFraction = option("min-fraction-digits", .number), let maxFraction = option("max-fraction-digits", .number) else { return nil }
        return NumberFormatExpression(number: number, locale: locale, currency: currency, unit: unit, minFraction: minFraction, maxFraction: maxFraction)
    }
}
