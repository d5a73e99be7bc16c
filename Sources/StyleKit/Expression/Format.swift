/// `["format", content, {options}, ...]`: text in sections with their own scale, font stack, colour and
/// vertical alignment. A formatted value is an object `{"sections": [...]}`.
struct Format: Expression {
    struct Section: Sendable {
        let content: any Expression
        let scale: (any Expression)?
        let font: (any Expression)?
        let color: (any Expression)?
        let verticalAlign: String?
    }

    let sections: [Section]
    private(set) var allDependencies: ExpressionDependencies = []

    init(sections: [Section]) {
        self.sections = sections
        allDependencies = .of(self)
    }

    var type: ExpressionType { .formatted }
    var children: [any Expression] {
        sections.flatMap { s in [s.content] + [s.scale, s.font, s.color].compactMap { $0 } }
    }

    func evaluate(_ context: EvaluationContext) throws(ExpressionRuntimeError) -> StyleValue {
        var out: [StyleValue] = []
        for section in sections {
            let value = try section.content.evaluate(context)
            if case .image = value {
                // An image section has no text and takes no text options but its alignment.
                out.append(Self.section(text: "", image: value, verticalAlign: section.verticalAlign.map { .string($0) } ?? .null))
                continue
            }
            let scale = try section.scale.map { e throws(ExpressionRuntimeError) in try e.evaluate(context) } ?? .null
            var font: StyleValue = .null
            if let e = section.font, case .array(let names) = try e.evaluate(context) {
                font = .string(names.map(Runtime.toString).joined(separator: ","))
            }
            var color: StyleValue = .null
            if let e = section.color, case .color(let c) = try e.evaluate(context) {
                color = .object(["r": .number(c.r), "g": .number(c.g), "b": .number(c.b), "a": .number(c.a)])
            }
            out.append(Self.section(text: Runtime.toString(value), scale: scale, font: font, color: color,
                                    verticalAlign: section.verticalAlign.map { .string($0) } ?? .null))
        }
        return .object(["sections": .array(out)])
    }

    static func section(text: String, image: StyleValue = .null, scale: StyleValue = .null, font: StyleValue = .null, color: StyleValue = .null,
                        verticalAlign: StyleValue = .null) -> StyleValue {
        .object(["text": .string(text), "image": image, "scale": scale, "fontStack": font, "textColor": color, "verticalAlign": verticalAlign])
    }

    /// The typed sections of a formatted value, or nil for other values.
    static func sections(_ value: StyleValue) -> [FormattedText.Section]? {
        guard case .object(let fields) = value, case .array(let sections)? = fields["sections"] else { return nil }
        return sections.map { section in
            guard case .object(let s) = section else { return FormattedText.Section(text: "") }
            var result = FormattedText.Section(text: "")
            if case .string(let text)? = s["text"] { result.text = text }
            if case .image(let image)? = s["image"] { result.image = image.name }
            if case .number(let scale)? = s["scale"] { result.scale = scale }
            if case .string(let font)? = s["fontStack"] { result.fontStack = font }
            if case .object(let c)? = s["textColor"], case .number(let r)? = c["r"], case .number(let g)? = c["g"],
               case .number(let b)? = c["b"], case .number(let a)? = c["a"] {
                result.color = StyleColor(r: r, g: g, b: b, a: a)
            }
            return result
        }
    }

    /// The text of a formatted value, or nil for other values.
    static func plainText(_ value: StyleValue) -> String? {
        guard case .object(let fields) = value, case .array(let sections)? = fields["sections"] else { return nil }
        return sections.map { section in
            if case .object(let s) = section, case .string(let text)? = s["text"] { return text }
            return ""
        }.joined()
    }

    static func parse(_ args: [JSONValue], _ parser: ExpressionParser) -> (any Expression)? {
        guard args.count >= 2 else { return parser.error("Expected at least one argument.") }
        if case .object = args[1] { return parser.error("First argument must be an image or text section.") }
        var sections: [Section] = []
        var i = 1
        while i < args.count {
            guard let content = parser.parse(args, i, expected: .value) else { return nil }
            guard [.string, .value, .null, .resolvedImage].contains(content.type) else {
                return parser.error("Formatted text type must be 'string', 'value', 'image' or 'null'.")
            }
            var scale: (any Expression)?, font: (any Expression)?, color: (any Expression)?, align: String?
            if i + 1 < args.count, case .object(let options) = args[i + 1] {
                let optionParser = parser.child(i + 1, expected: nil)
                if let json = options["font-scale"] {
                    guard let e = optionParser.child(0, expected: .number).parse(json) else { return nil }
                    scale = e
                }
                if let json = options["text-font"] {
                    guard let e = optionParser.child(0, expected: .array(.string, nil)).parse(json) else { return nil }
                    font = e
                }
                if let json = options["text-color"] {
                    guard let e = optionParser.child(0, expected: .color).parse(json) else { return nil }
                    color = e
                }
                if let json = options["vertical-align"] {
                    guard case .string(let value) = json, ["bottom", "center", "top"].contains(value) else {
                        let found: String = { if case .string(let s) = json { s } else { "\(json.summary)" } }()
                        return parser.error("'vertical-align' must be one of: 'bottom', 'center', 'top' but found '\(found)' instead.")
                    }
                    align = value
                }
                i += 2
            } else {
                i += 1
            }
            sections.append(Section(content: content, scale: scale, font: font, color: color, verticalAlign: align))
        }
        return Format(sections: sections)
    }
}
