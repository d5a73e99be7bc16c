public import Foundation
import StyleKit

/// One MapLibre render test: `<group>/<case>/style.json` with its `metadata.test` settings and one or more
/// `expected*.png` (the case passes if any of them matches).
public struct RenderTestCase: Sendable {
    /// `<group>/<case>`, as the upstream suite names it.
    public var id: String
    public var directory: URL
    public var styleBytes: [UInt8]
    public var width: Int
    public var height: Int
    public var pixelRatio: Double
    /// The largest share of mismatched pixels that still passes.
    public var allowed: Double
    /// pixelmatch's colour threshold.
    public var threshold: Double
    /// Names of the map operations the case applies before rendering (`wait` excluded).
    public var operations: [String]
    public var expected: [URL]
    /// The debug overlay the case asks MapLibre for (`debug`: tile borders, `collisionDebug`: collision
    /// boxes, `showOverdrawInspector`), nil for none: no style can ask for it, so a failure says so.
    public var debugOverlay: String? = nil
    /// `crossSourceCollisions`: false when labels of different sources may overlap each other (MapLibre's
    /// map option, one collision group per source).
    public var crossSourceCollisions = true

    public var group: String { String(id.split(separator: "/").first ?? "") }

    /// Reads a case directory; nil when it holds no `style.json` (a group directory, say).
    public static func load(_ directory: URL, id: String) throws(RenderTestError) -> RenderTestCase? {
        let styleURL = directory.appendingPathComponent("style.json")
        guard FileManager.default.fileExists(atPath: styleURL.path) else { return nil }
        return try load(styleFile: styleURL, id: id)
    }

    /// Reads one style file (any name) as a case; `expected*.png` beside it are its references.
    public static func load(styleFile styleURL: URL, id: String) throws(RenderTestError) -> RenderTestCase {
        let directory = styleURL.deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: styleURL.path) else {
            throw RenderTestError("cannot read \(styleURL.path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RenderTestError("\(id): \(styleURL.lastPathComponent) is not a JSON object")
        }
        let test = ((object["metadata"] as? [String: Any])?["test"] as? [String: Any]) ?? [:]
        let operations = (test["operations"] as? [[Any]] ?? []).compactMap { $0.first as? String }.filter { $0 != "wait" }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let expected = files.filter { $0.hasPrefix("expected") && $0.hasSuffix(".png") }.sorted().map { directory.appendingPathComponent($0) }
        return RenderTestCase(id: id, directory: directory, styleBytes: Array(data),
                              width: (test["width"] as? NSNumber)?.intValue ?? 512, height: (test["height"] as? NSNumber)?.intValue ?? 512,
                              pixelRatio: (test["pixelRatio"] as? NSNumber)?.doubleValue ?? 1,
                              allowed: (test["allowed"] as? NSNumber)?.doubleValue ?? 0.00025,
                              threshold: (test["threshold"] as? NSNumber)?.doubleValue ?? 0.1285,
                              operations: operations, expected: expected,
                              debugOverlay: ["debug", "collisionDebug", "showOverdrawInspector"].first { test[$0] as? Bool == true },
                              crossSourceCollisions: test["crossSourceCollisions"] as? Bool ?? true)
    }

    /// Every case under `root`, sorted by id: each directory holding a `style.json`, at any depth
    /// (`<group>/<case>`, and upstream's deeper `<group>/<family>/<case>`); its id is its path under `root`.
    public static func all(in root: URL) throws(RenderTestError) -> [RenderTestCase] {
        guard let groups = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
            throw RenderTestError("\(root.path) is not a directory of render tests (<group>/<case>/style.json)")
        }
        var cases: [RenderTestCase] = []
        /// Cases under `directory`; a case's own subdirectories are not searched, and nesting stops at 8.
        func collect(_ directory: URL, id: String, depth: Int) throws(RenderTestError) {
            if let found = try load(directory, id: id) {
                cases.append(found)
                return
            }
            guard depth < 8 else { return }
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() where !name.hasPrefix(".") {
                let child = directory.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                try collect(child, id: "\(id)/\(name)", depth: depth + 1)
            }
        }
        for group in groups.sorted() where !group.hasPrefix(".") {
            let groupURL = root.appendingPathComponent(group)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: groupURL.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            // A group itself is never a case: upstream's cases are at least two levels down.
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: groupURL.path)) ?? []).sorted() where !name.hasPrefix(".") {
                try collect(groupURL.appendingPathComponent(name), id: "\(group)/\(name)", depth: 1)
            }
        }
        return cases.sorted { $0.id < $1.id }
    }
}

/// A render test that could not be read or run, with what to look at.
public struct RenderTestError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
