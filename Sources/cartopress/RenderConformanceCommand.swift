import ArgumentParser
import Foundation
import RenderConformance

/// `cartopress conformance render DIR`: MapLibre's render tests, compared as the upstream harness does.
struct RenderConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Run MapLibre render tests (DIR/<group>/<case>/style.json + expected*.png) and print pass counts per group.",
        discussion: "Assets (tiles, tilesets, images) are read from --assets, by default DIR/../assets. Cases with runtime operations other than 'wait' are skipped and listed apart.")

    @Argument(help: "Directory of render test cases in the upstream layout.")
    var directory: String
    @Option(help: "The assets directory that local:// URLs resolve under.")
    var assets: String?
    @Option(help: "Where failing cases leave actual.png and diff.png.")
    var output: String = "out/render-tests"
    @Option(help: "Run only cases whose id contains this text.")
    var filter: String?
    @Flag(help: "Print every case, not only the failing ones.")
    var verbose = false

    func run() throws {
        let root = URL(fileURLWithPath: directory)
        let runner = RenderTestRunner(assets: URL(fileURLWithPath: assets ?? root.deletingLastPathComponent().appendingPathComponent("assets").path),
                                      output: URL(fileURLWithPath: output))
        let cases = try RenderTestCase.all(in: root).filter { filter == nil || $0.id.contains(filter!) }
        var results: [RenderTestResult] = []
        for (index, testCase) in cases.enumerated() {
            let result = runner.run(testCase)
            results.append(result)
            if verbose || result.outcome == .failed || result.outcome == .error {
                let difference = result.difference.map { String(format: "%.5f > %.5f", $0, result.allowed) } ?? ""
                print("\(result.outcome.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(result.id) \(difference) \(result.message ?? "")")
            }
            if isatty(STDERR_FILENO) != 0 {
                FileHandle.standardError.write(Data("\r\(index + 1)/\(cases.count)".utf8))
            }
        }
        let report = RenderTestReport(results)
        print(report.table)
    }
}

/// `cartopress render-style STYLE.json --assets DIR -o OUT.png`: any MapLibre style drawn as a map view.
struct RenderStyleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-style",
        abstract: "Render a MapLibre style as a map view: camera from the style root, size from metadata.test or the flags.")

    @Argument(help: "The style JSON.") var style: String
    @Option(help: "Directory that local:// URLs resolve under.") var assets: String = "."
    @Option(name: .shortAndLong, help: "Output PNG (RGBA, transparent where nothing is drawn).") var output: String = "out/style.png"
    @Option(help: "Width in CSS pixels (default: metadata.test.width or 512).") var width: Int?
    @Option(help: "Height in CSS pixels (default: metadata.test.height or 512).") var height: Int?
    @Option(help: "Device pixels per CSS pixel (default: metadata.test.pixelRatio or 1).") var pixelRatio: Double?

    func run() throws {
        let url = URL(fileURLWithPath: style)
        var testCase = try RenderTestCase.load(styleFile: url, id: url.lastPathComponent)
        testCase.width = width ?? testCase.width
        testCase.height = height ?? testCase.height
        testCase.pixelRatio = pixelRatio ?? testCase.pixelRatio
        let image = try RenderTestRunner(assets: URL(fileURLWithPath: assets)).render(testCase)
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: output).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(RenderTestRunner.png(image)).write(to: URL(fileURLWithPath: output))
        print("wrote \(output) (\(image.width)x\(image.height))")
    }
}
