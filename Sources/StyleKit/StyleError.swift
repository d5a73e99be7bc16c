/// One problem in a style, naming the file and the JSON key path, e.g.
/// `minimal.json: layers[3].paint.line-width: expected a number, found string "wide"`.
public struct StyleError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case syntax = "style.syntax"
        case unknownProperty = "style.unknown_property"
        case type = "style.type"
        case color = "style.color"
        case unknownOperator = "style.unknown_operator"
        case arity = "style.arity"
        case missing = "style.missing"
        case unsupportedExpression = "style.unsupported_expression"
        case reference = "style.reference"
        /// Past one of the ``StyleLimits``: too many layers or sources, an expression too deep or too large.
        case limit = "style.limit"
    }

    public let code: Code
    public let file: String
    public let path: String
    public let message: String

    public init(_ code: Code, file: String, path: String, _ message: String) {
        self.code = code
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}

/// Every problem found in a style, collected rather than stopping at the first.
public struct StyleErrors: Error, CustomStringConvertible, Sendable {
    public let errors: [StyleError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects errors while a style is parsed.
final class StyleDiagnostics {
    let file: String
    private(set) var errors: [StyleError] = []

    init(file: String) {
        self.file = file
    }

    func report(_ code: StyleError.Code, _ path: String, _ message: String) {
        errors.append(StyleError(code, file: file, path: path, message))
    }

    /// Takes the errors another parse of part of the same file found, after those reported so far.
    func append(_ more: [StyleError]) {
        errors += more
    }
}
