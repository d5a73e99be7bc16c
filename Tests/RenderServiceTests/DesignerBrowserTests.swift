import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import RenderService

/// The designer page in a real browser: Playwright (PyPI) drives Debian's Chromium, WebGL through
/// SwiftShader, against the live in-process service with authentication off. `scripts/setup.sh` installs
/// both. The scripts are in `Tests/Browser`; each writes its images and a JSON report into a directory that
/// is removed when the test passes and kept (its path in the failure) when it does not, or kept always in
/// `CARTOPRESS_BROWSER_ARTIFACTS` when that is set.
@Suite(.tags(.slow), .serialized) struct DesignerBrowserTests {
    static let python = ServiceHarness.repository.appendingPathComponent(".build-tools/venv/bin/python").path
    static let scripts = ServiceHarness.repository.appendingPathComponent("Tests/Browser")
    static let chromium = "/usr/bin/chromium"

    /// Picks a style, a palette, a place (typed, chosen with the keyboard), the words and the smallest size,
    /// renders, and downloads the poster through the page's link: no console error, no failed request.
    @Test func theDesignerRendersAndDownloadsAPoster() async throws {
        guard try await Self.browserIsInstalled() else { return }
        let (output, report, directory) = try await Self.runScript("designer_e2e.py", report: "designer-e2e.json")
        var passed = false
        defer { Self.finish(directory, passed: passed) }
        #expect(output.status == 0, "designer_e2e.py failed (artefacts in \(directory.path)):\n\(output.text.suffix(6000))")
        let consoleErrors = report["console_errors"] as? [Any]
        let failedRequests = report["failed_requests"] as? [Any]
        #expect(consoleErrors?.isEmpty == true, "console errors: \(consoleErrors ?? ["no report"])")
        #expect(failedRequests?.isEmpty == true, "failed requests: \(failedRequests ?? ["no report"])")
        let poster = report["poster"] as? [String: Any]
        #expect(poster?["width"] as? Int == 683 && poster?["height"] as? Int == 1024,
                "the smallest preset (thumbnail, 1024 px long edge, 2:3) should give 683 × 1024 px: \(poster ?? [:])")
        passed = output.status == 0 && consoleErrors?.isEmpty == true && failedRequests?.isEmpty == true
    }

    /// The preview is only worth having if it shows what will print: for every style, with the labels off
    /// (both sides draw the same geometry), MapLibre GL JS and CartoPress differ by more than 32/255 in at
    /// most 2 % of the pixels, the print's attribution corner included. Measured on central Helsinki at
    /// zoom 15.2, 800 × 1200 px, a view the bundled tiles fill: 0.04–0.09 % (abstract the highest: slivers
    /// along building edges), 0.005–0.05 % without the attribution, so the goal holds with room to spare.
    /// With the labels on, where placement may differ, 0.13–0.33 % (the same labels in the same places,
    /// their glyph edges differ): reported and required to be measured, not bounded.
    @Test func thePreviewMatchesThePrint() async throws {
        guard try await Self.browserIsInstalled() else { return }
        let (output, report, directory) = try await Self.runScript("preview_vs_print.py", report: "preview-vs-print.json")
        var passed = false
        defer { Self.finish(directory, passed: passed) }
        #expect(output.status == 0, "preview_vs_print.py could not compare every style (artefacts in \(directory.path)):\n\(output.text.suffix(6000))")
        let styles = report["styles"] as? [[String: Any]] ?? []
        let listed = report["listed"] as? [String] ?? []
        let compared = styles.compactMap { $0["style"] as? String }
        #expect(!listed.isEmpty && compared == listed, "every style of GET /api/v1/styles should be compared: listed \(listed), compared \(compared)")
        var withinGoal = !styles.isEmpty
        for entry in styles {
            let name = entry["style"] as? String ?? "?"
            let labelsOff = entry["labels_off"] as? [String: Any]
            let share = labelsOff?["share"] as? Double
            #expect(share != nil, "\(name): no labels-off comparison: \(entry["problems"] ?? [])")
            if let share {
                #expect(share <= 0.02, "\(name): \(String(format: "%.2f", share * 100)) % of the pixels differ with the labels off; compare \(directory.path)/\(name)-diff.png")
                withinGoal = withinGoal && share <= 0.02
            }
            #expect(entry["labels_on"] is [String: Any], "\(name): no labels-on comparison: \(entry["problems"] ?? [])")
        }
        passed = output.status == 0 && !listed.isEmpty && compared == listed && withinGoal
    }

    // MARK: - Running the scripts

    /// Whether Chromium and Playwright are there; records an issue that says how to get them when not.
    static func browserIsInstalled() async throws -> Bool {
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            Issue.record("Chromium is not installed at \(chromium); run scripts/setup.sh")
            return false
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("the test tools' virtualenv is missing (\(python)); run scripts/setup.sh")
            return false
        }
        let probe = try await run(["-c", "import playwright.sync_api"], name: "playwright-probe", timeout: 60)
        guard probe.status == 0 else {
            Issue.record("Playwright is not installed in .build-tools/venv; run scripts/setup.sh:\n\(probe.text.suffix(2000))")
            return false
        }
        return true
    }

    /// Runs the script against the live service and reads the report it writes.
    static func runScript(_ script: String, report: String) async throws -> (output: (status: Int32, text: String), report: [String: Any], directory: URL) {
        let directory = artefactDirectory(for: script)
        let output = try await withServiceOnKnownPort { port in
            try await run([scripts.appendingPathComponent(script).path, "--base", "http://127.0.0.1:\(port)", "--out", directory.path],
                          name: script, timeout: 600)
        }
        let data = (try? Data(contentsOf: directory.appendingPathComponent(report))) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (output, object, directory)
    }

    /// The service as `ServiceHarness.withService` starts it, but listening on a port chosen beforehand:
    /// the style's sources, its glyphs and the download links are absolute URLs built from the configured
    /// port, and HummingbirdTesting's `.live` server always binds port 0, so a browser following them there
    /// would knock at `:0`. Stops the server (cancelling its task) when `body` returns.
    static func withServiceOnKnownPort<R: Sendable>(_ body: @Sendable @escaping (Int) async throws -> R) async throws -> R {
        let reservation = try PortReservation()
        let port = reservation.port
        reservation.release()
        let configuration = ServiceHarness.configuration {
            $0.port = port
            $0.authRequired = false
            $0.workers = 2
            // A browser asks for dozens of tiles a view; the limit is for API clients, not this.
            $0.rateLimitPerMinute = 1_000_000
        }
        let runtime = try ServiceHarness.runtime(configuration)
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        try runtime.pool.prewarm()
        let (listening, announce) = AsyncStream.makeStream(of: Int.self)
        let app = RenderServer.makeApplication(runtime: runtime, workers: configuration.workers) { bound in announce.yield(bound) }
        return try await withThrowingTaskGroup(of: R?.self) { tasks in
            tasks.addTask {
                defer { announce.finish() } // a server that cannot start must not leave the wait below hanging
                try await app.run()
                return nil
            }
            var bound: Int?
            for await value in listening {
                bound = value
                break
            }
            guard bound == port else {
                tasks.cancelAll()
                throw ScriptProcessError("the service listens on \(bound.map(String.init) ?? "no port"), not the reserved \(port)")
            }
            tasks.addTask { try await body(port) }
            // The body's answer; then the server is stopped.
            while let next = try await tasks.next() {
                if let result = next {
                    tasks.cancelAll()
                    return result
                }
            }
            throw ScriptProcessError("the service stopped before the script finished")
        }
    }

    static func artefactDirectory(for script: String) -> URL {
        let kept = ProcessInfo.processInfo.environment["CARTOPRESS_BROWSER_ARTIFACTS"].flatMap { $0.isEmpty ? nil : $0 }
        let root = kept.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-browser-\(UUID().uuidString)")
        return root.appendingPathComponent(script.replacingOccurrences(of: ".py", with: ""))
    }

    /// Removes a passing run's artefacts unless they were asked for.
    static func finish(_ directory: URL, passed: Bool) {
        guard passed, ProcessInfo.processInfo.environment["CARTOPRESS_BROWSER_ARTIFACTS"]?.isEmpty ?? true else { return }
        try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
    }

    /// Runs the virtualenv's Python to completion without blocking a cooperative thread on `waitUntilExit`.
    static func run(_ arguments: [String], name: String, timeout: Double) async throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let result = try await LoggedProcess.run(process, timeout: timeout, name: name)
        return (result.status, result.output)
    }
}
