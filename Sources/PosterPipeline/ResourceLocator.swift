public import Foundation

/// Finds the bundled resources (`Fonts/`, `Styles/`, `Data/`) of a CartoPress checkout or installation.
///
/// Looked up in order: `CARTOPRESS_HOME`, the current directory, then the directories above the
/// executable (so `.build/release/cartopress` finds the checkout it was built in).
public struct ResourceLocator: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The first candidate directory that has a `Styles/` and a `Fonts/` directory.
    public static func discover(environment: [String: String] = ProcessInfo.processInfo.environment,
                                executablePath: String = CommandLine.arguments.first ?? "") throws(PipelineError) -> ResourceLocator {
        var candidates: [String] = []
        if let home = environment["CARTOPRESS_HOME"] { candidates.append(home) }
        candidates.append(FileManager.default.currentDirectoryPath)
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.path)
            directory.deleteLastPathComponent()
        }
        for candidate in candidates where isResourceRoot(candidate) {
            return ResourceLocator(root: candidate)
        }
        throw PipelineError(.resourcesNotFound,
                            "cannot find the CartoPress resources (Styles/ and Fonts/); run from the checkout or set CARTOPRESS_HOME to it")
    }

    static func isResourceRoot(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        return manager.fileExists(atPath: path + "/Styles", isDirectory: &isDirectory) && isDirectory.boolValue
            && manager.fileExists(atPath: path + "/Fonts", isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public var fontsDirectory: String { root + "/Fonts" }
    public var stylesDirectory: String { root + "/Styles" }
    public var dataDirectory: String { root + "/Data" }
    /// The designer page and its scripts, served at `/` and `/web/`.
    public var webDirectory: String { root + "/Web" }

    /// The bundled demo tiles.
    public var demoTiles: String { dataDirectory + "/helsinki.pmtiles" }
    /// The bundled city-scale benchmark tiles.
    public var cityTiles: String { dataDirectory + "/helsinki-x6.pmtiles" }
}
