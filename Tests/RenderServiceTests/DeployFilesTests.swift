import Foundation
import Testing
import TestSupport

/// No Docker engine or cluster runs here, so the deployment files are checked offline by
/// `scripts/validate-deploy.py` (its tools come from `scripts/test-tools.txt`, installed by `scripts/setup.sh`):
/// `deploy/compose.yaml` against the Compose specification, every Kubernetes object against the API schemas in
/// strict mode, and the rules that tie them to the service (memory limits against the render budget, grace
/// periods against the shutdown grace, probes on `/healthz` and `/readyz`, every `CARTOPRESS_*` name a setting).
@Suite struct DeployFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".build-tools/venv/bin/python").path

    @Test func theDeployFilesPassTheirSchemasAndRules() async throws {
        let result = try await Self.validate(Self.root.appendingPathComponent("deploy"))
        #expect(result.status == 0, "scripts/validate-deploy.py found problems in deploy/:\n\(result.output)")
        #expect(result.output.contains("validate-deploy: OK"), "\(result.output)")
        // KEDA's ScaledObject has no bundled schema: the script says so and checks it itself, never skips it silently.
        #expect(result.output.contains("ScaledObject/cartopress-worker is a custom resource"), "\(result.output)")
    }

    /// One rule broken in a copy of `deploy/`: the edit, and what the script must then say.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let file: String
        let original: String
        let broken: String
        let rule: String
        let message: String
        var testDescription: String { "\(rule) in \(file)" }
    }

    static let breakages = [
        Breakage(file: "kubernetes/worker.yaml", original: "limits:\n              memory: 1536Mi", broken: "limits:\n              memory: 64Mi",
                 rule: "memory-limit", message: "resources.limits.memory 64Mi is below CARTOPRESS_MEMORY_BUDGET_MB (768)"),
        Breakage(file: "kubernetes/api.yaml", original: "terminationGracePeriodSeconds: 90", broken: "terminationGracePeriodSeconds: 5",
                 rule: "termination-grace", message: "terminationGracePeriodSeconds 5 is not longer than"),
        Breakage(file: "kubernetes/api.yaml", original: "path: /readyz", broken: "path: /ready",
                 rule: "probes", message: "readinessProbe must be an httpGet of /readyz"),
        Breakage(file: "kubernetes/api.yaml", original: "automountServiceAccountToken: false", broken: "automountServiceAcountToken: false",
                 rule: "kubernetes-schema", message: "'automountServiceAcountToken' was unexpected"),
        Breakage(file: "compose.yaml", original: "stop_grace_period: 75s", broken: "stop_grace_period: 30s",
                 rule: "stop-grace", message: "stop_grace_period 30s is not longer than CARTOPRESS_SHUTDOWN_GRACE_SECONDS (30)"),
        Breakage(file: "kubernetes/configmap.yaml", original: "CARTOPRESS_LOG_LEVEL:", broken: "CARTOPRESS_LOG_LEVLE:",
                 rule: "unknown-setting", message: "CARTOPRESS_LOG_LEVLE is not a setting of the service (did you mean CARTOPRESS_LOG_LEVEL?)"),
    ]

    @Test(arguments: breakages) func aBrokenRuleFailsNamingTheFileAndTheRule(_ breakage: Breakage) async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cartopress-deploy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let deploy = copy.appendingPathComponent("deploy")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("deploy"), to: deploy)
        let file = deploy.appendingPathComponent(breakage.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains(breakage.original), "deploy/\(breakage.file) no longer contains \"\(breakage.original)\"; update this test")
        try text.replacingOccurrences(of: breakage.original, with: breakage.broken).write(to: file, atomically: true, encoding: .utf8)

        let result = try await Self.validate(deploy)
        #expect(result.status != 0, "scripts/validate-deploy.py accepted a copy with \(breakage.rule) broken:\n\(result.output)")
        #expect(result.output.contains("FAIL deploy/\(breakage.file): "), "\(result.output)")
        #expect(result.output.contains("[\(breakage.rule)]"), "\(result.output)")
        #expect(result.output.contains(breakage.message), "\(result.output)")
    }

    /// Runs the script on `directory` from the package root, without blocking a cooperative thread.
    static func validate(_ directory: URL) async throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "\(python) is missing: run scripts/setup.sh to install the test tools of scripts/test-tools.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("scripts/validate-deploy.py").path, directory.path]
        process.currentDirectoryURL = root
        return try await LoggedProcess.run(process, timeout: 300, name: "validate-deploy")
    }
}
