import Foundation
import Testing

/// No Docker engine runs here, so the Dockerfile is checked as text: its build stage installs exactly the
/// set-up script's packages (less the test-only and runtime-only ones), and its runtime stage the libraries
/// those link and the runtime-only packages (fonts).
@Suite struct DockerfileTests {
    static let root = ServiceHarness.repository

    /// Packages in setup.sh's `packages=( ... )` list, with whether the comment marks them test-only or
    /// runtime-only.
    static func setupPackages() throws -> [(name: String, testOnly: Bool, runtimeOnly: Bool)] {
        let script = try String(contentsOf: root.appendingPathComponent("scripts/setup.sh"), encoding: .utf8)
        let start = try #require(script.range(of: "packages=(")).upperBound
        let end = try #require(script.range(of: "\n)", range: start..<script.endIndex)).lowerBound
        return script[start..<end].split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "#", maxSplits: 1)
            guard let name = parts.first?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
            return (name, parts.count > 1 && parts[1].contains("test-only"), parts.count > 1 && parts[1].contains("runtime-only"))
        }
    }

    /// The packages each `apt-get install` of the Dockerfile names, stage by stage.
    static func dockerStages() throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
            .replacingOccurrences(of: "\\\n", with: " ")
        return text.split(separator: "\n").filter { $0.contains("apt-get install") }.map { line in
            let afterInstall = line.components(separatedBy: "apt-get install").last ?? ""
            let command = afterInstall.components(separatedBy: "&&").first ?? ""
            return command.split(separator: " ").map(String.init).filter { !$0.hasPrefix("-") && !$0.isEmpty }
        }
    }

    /// The runtime library each development package provides on Debian 12.
    static let runtimeLibrary = [
        "libcairo2-dev": "libcairo2", "libfreetype-dev": "libfreetype6", "libharfbuzz-dev": "libharfbuzz0b", "libicu-dev": "libicu72",
        "libdeflate-dev": "libdeflate0", "libisal-dev": "libisal2", "libjpeg62-turbo-dev": "libjpeg62-turbo", "zlib1g-dev": "zlib1g", "libcurl4-openssl-dev": "libcurl4", "libhiredis-dev": "libhiredis0.14",
        "libfontconfig-dev": "libfontconfig1",
    ]

    @Test func theBuildStageInstallsTheSetupScriptsPackages() throws {
        let setup = try Self.setupPackages()
        let stages = try Self.dockerStages()
        #expect(stages.count == 2)
        let needed = Set(setup.filter { !$0.testOnly && !$0.runtimeOnly }.map(\.name))
        #expect(needed.contains("libcairo2-dev") && needed.count >= 8)
        #expect(Set(stages.first ?? []) == needed)
    }

    @Test func theRuntimeStageHasTheLibrariesThoseLink() throws {
        let setup = try Self.setupPackages()
        let runtime = Set(try Self.dockerStages().last ?? [])
        for package in setup where package.name.hasSuffix("-dev") {
            let library = try #require(Self.runtimeLibrary[package.name], "no runtime library known for \(package.name); add it here and to the Dockerfile")
            #expect(runtime.contains(library), "the runtime stage lacks \(library) for \(package.name)")
        }
        for package in setup where package.runtimeOnly {
            #expect(runtime.contains(package.name), "the runtime stage lacks \(package.name)")
        }
        #expect(runtime.contains("curl"), "the health check needs curl")
    }

    @Test func theImageRunsAsANonRootUserWithAHealthCheck() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(text.contains("--static-swift-stdlib"))
        #expect(text.contains("USER cartopress") && text.contains("HEALTHCHECK") && text.contains("/healthz"))
        for directory in ["Fonts", "Styles", "Data", "Web"] { #expect(text.contains("COPY \(directory) ")) }
    }
}
