/// Errors from drawing, fonts and encoding. Each has a stable code and says what to do next where it can.
public struct CanvasError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable machine-readable categories.
    public enum Code: String, Sendable {
        case surfaceCreation = "canvas.surface"
        case surfaceTooLarge = "canvas.surface_too_large"
        case fontLoad = "canvas.font_load"
        case pngEncoding = "canvas.png"
        case pdfEncoding = "canvas.pdf"
        case drawing = "canvas.draw"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
