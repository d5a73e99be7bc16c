/// `["coalesce", a, b, ...]`: the first value that is not null.
struct Coalesce: Expression {
    let type: ExpressionType
    let arguments: [any Expression]
    private(set) var allDependencies: ExpressionDependencies = []

    init(type: ExpressionType, arguments: [any Expression]) {
        self.type = type
        self.arguments = arguments
        allDependencies = .of(self)
    }

    var children: [any Expression] { arguments }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        // An image that is not available counts as missing; when the last argument is one, the first
        // missing image's name is the result, so that the renderer can report which image it lacked.
        var firstMissingImage: String?
        for (i, argument) in arguments.enumerated() {
            let value = try argument.evaluate(context)
            if case .image(let image) = value, !image.available {
                if firstMissingImage == nil { firstMissingImage = image.name }
                if i == arguments.count - 1, let firstMissingImage { return .string(firstMissingImage) }
                continue
            }
            if value != .null { return value }
        }
        return .null
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 2 else { return parser.error("Expectected at least one argument.") }
        var outputType = parser.expected == .value ? nil : parser.expected
        let needsAnnotation = parser.expected != nil && parser.expected != .value
        var arguments: [any Expression] = []
        for i in 1..<args.count {
            guard let argument = parser.parse(args, i, expected: outputType, annotate: needsAnnotation ? .omit : .assert) else { return nil }
            outputType = outputType ?? argument.type
            arguments.append(argument)
        }
        let type = needsAnnotation && arguments.contains { parser.expected!.subtypeError($0.type) != nil } ? ExpressionType.value : (outputType ?? .value)
        return Coalesce(type: type, arguments: arguments)
    }
}
