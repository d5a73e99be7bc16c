/// `["image", name]`: a ``ResolvedImage``, available when the context's available images hold the name.
/// Never folded at compile time (its dependency on the available images keeps it live), as MapLibre
/// leaves image expressions for when the images are known.
struct ImageExpression: Expression {
    let name: any Expression
    private(set) var allDependencies: ExpressionDependencies = []

    init(name: any Expression) {
        self.name = name
        allDependencies = .of(self)
    }

    var type: ExpressionType { .resolvedImage }
    var ownDependencies: ExpressionDependencies { .images }
    var children: [any Expression] { [name] }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        let name = try Runtime.string(name.evaluate(context))
        return ResolvedImage.named(name, available: context.images).map { .image($0) } ?? .null
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count == 2 else { return parser.error("Expected two arguments.") }
        guard let name = parser.parse(args, 1, expected: .string) else { return parser.error("No image name provided.") }
        return ImageExpression(name: name)
    }
}
