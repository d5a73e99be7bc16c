import Foundation
import Testing
import RenderConformance

/// MapLibre's expression test suite (bundled in Tests/Fixtures with its licence), compared as the upstream
/// harness compares: compile result and outputs; messages are counted separately.
@Suite struct ExpressionConformanceTests {
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maplibre-style-spec/expression")

    static func report() throws -> ExpressionConformanceReport {
        var report = ExpressionConformanceReport()
        let manager = FileManager.default
        for family in try manager.contentsOfDirectory(atPath: suite.path).sorted() {
            let root = suite.appendingPathComponent(family)
            let paths = (manager.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix("test.json") }.sorted()
            for path in paths {
                report.add(family: family, caseName: path, bytes: [UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
            }
        }
        return report
    }

    @Test func atLeastNinetyPercentOfTheSuitePasses() throws {
        let report = try Self.report()
        let (passed, total) = report.totals()
        #expect(total == 378)
        // 356 passed when this was last raised (zoom-and-property functions); a drop below it is a regression.
        #expect(passed >= 356, "passed \(passed)/\(total): \(report.families.flatMap(\.failures).prefix(20))")
        #expect(Double(passed) / Double(total) >= 0.9)
    }

    @Test func coreFamiliesPassCompletely() throws {
        let report = try Self.report()
        for family in ["literal", "plus", "minus", "times", "max", "min", "to-string", "to-rgba", "has", "constant-folding", "parse"] {
            let f = try #require(report.families.first { $0.name == family })
            #expect(f.passed == f.total, "\(family): \(f.failures)")
        }
    }
}

/// Numbers from feature data used as indices and counts never trap, whatever their size: the fuzzer's
/// `index-of` with a `from` of 4.4e87 once crashed the Double-to-Int conversion. JavaScript's answers.
@Suite struct ExpressionIndexTests {
    static func run(_ expression: String, type: String, cases: [(properties: String, output: String)]) -> ExpressionConformance.CaseResult {
        let inputs = cases.map { #"[{}, {"properties": \#($0.properties)}]"# }.joined(separator: ", ")
        let outputs = cases.map(\.output).joined(separator: ", ")
        let json = #"{"expression": \#(expression), "inputs": [\#(inputs)], "expected": {"compiled": {"result": "success", "isFeatureConstant": false, "isZoomConstant": true, "type": "\#(type)"}, "outputs": [\#(outputs)]}}"#
        return ExpressionConformance.run(Array(json.utf8))
    }

    @Test func hugeAndUndefinedIndicesAnswerAsJavaScriptDoes() {
        let indexOf = Self.run(#"["index-of", ["get", "needle"], ["get", "hay"], ["get", "i"]]"#, type: "number", cases: [
            (#"{"needle": 9, "hay": [9, 8, 7], "i": 4444444444444444444444444444444444444444444444444444444444444444444444444444444444444441}"#, "-1"),
            (#"{"needle": 9, "hay": [9, 8, 7], "i": -1e300}"#, "0"),
            (#"{"needle": "l", "hay": "hello", "i": 1e300}"#, "-1"),
        ])
        #expect(indexOf.passed, "\(indexOf.detail)")
        let notANumber = Self.run(#"["index-of", "l", ["get", "hay"], ["/", 0, 0]]"#, type: "number", cases: [(#"{"hay": "hello"}"#, "2")])
        #expect(notANumber.passed, "\(notANumber.detail)")
        let slice = Self.run(#"["slice", ["string", ["get", "s"]], ["/", 0, 0]]"#, type: "string", cases: [(#"{"s": "hello"}"#, #""hello""#)])
        #expect(slice.passed, "\(slice.detail)")
    }
}
