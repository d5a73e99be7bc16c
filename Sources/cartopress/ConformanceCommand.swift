import ArgumentParser
import Foundation
import StyleKit

struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run external conformance suites.",
        subcommands: [ExpressionsCommand.self]
    )
}

struct ExpressionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expressions",
        abstract: "Run MapLibre expression test cases (DIR/<family>/<case>/test.json) and print pass counts per family."
    )

    @Argument(help: "Directory of expression test cases in the upstream layout.")
    var directory: String

    @Flag(help: "Print each failing case and why.")
    var verbose = false

    /// Families that need features outside the expression evaluator (geometry, locale, images).
    static let excluded: Set<String> = ["within", "distance", "collator", "image"]

    func run() throws {
        let report = try ExpressionConformanceReport.run(directory: directory)
        print("family".padding(toLength: 24, withPad: " ", startingAt: 0) + "passed/total  messages")
        for family in report.families {
            let marker = Self.excluded.contains(family.name) ? " (excluded)" : ""
            print(family.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + "\(family.passed)/\(family.total)".padding(toLength: 14, withPad: " ", startingAt: 0)
                  + "\(family.messagesMatched)/\(family.total)\(marker)")
            if verbose { for failure in family.failures { print("    \(failure)") } }
        }
        let counted = report.families.filter { !Self.excluded.contains($0.name) }
        let passed = counted.reduce(0) { $0 + $1.passed }, total = counted.reduce(0) { $0 + $1.total }
        let excluded = report.families.filter { Self.excluded.contains($0.name) }
        print(String(format: "total (excluding within, distance, collator, image): %d/%d = %.1f%%", passed, total,
                     total == 0 ? 0 : 100 * Double(passed) / Double(total)))
        print("excluded families: \(excluded.reduce(0) { $0 + $1.passed })/\(excluded.reduce(0) { $0 + $1.total })")
    }
}

/// Pass counts of an expression suite by family.
struct ExpressionConformanceReport {
    struct Family {
        var name: String
        var total = 0
        var passed = 0
        var messagesMatched = 0
        var failures: [String] = []
    }

    var families: [Family]

    static func run(directory: String) throws -> ExpressionConformanceReport {
        let manager = FileManager.default
        guard let familyNames = try? manager.contentsOfDirectory(atPath: directory) else {
            throw ValidationError("cannot read \(directory); give a directory of <family>/<case>/test.json")
        }
        var families: [Family] = []
        for familyName in familyNames.sorted() {
            var family = Family(name: familyName)
            let familyPath = "\(directory)/\(familyName)"
            guard let enumerator = manager.enumerator(atPath: familyPath) else { continue }
            for case let path as String in enumerator where path.hasSuffix("test.json") {
                guard let data = manager.contents(atPath: "\(familyPath)/\(path)") else { continue }
                let result = ExpressionConformance.run([UInt8](data))
                family.total += 1
                if result.passed { family.passed += 1 } else { family.failures.append("\(path): \(result.detail)") }
                if result.passed && result.messagesMatch { family.messagesMatched += 1 }
            }
            if family.total > 0 { families.append(family) }
        }
        return ExpressionConformanceReport(families: families)
    }
}
