import ArgumentParser
import Foundation
import RenderConformance

struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run external conformance suites.",
        subcommands: [ExpressionsCommand.self, RenderConformanceCommand.self]
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

    func run() throws {
        let report = try ExpressionConformanceReport.run(directory: directory)
        print("family".padding(toLength: 24, withPad: " ", startingAt: 0) + "passed/total  messages")
        for family in report.families {
            print(family.name.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + "\(family.passed)/\(family.total)".padding(toLength: 14, withPad: " ", startingAt: 0)
                  + "\(family.messagesMatched)/\(family.total)")
            if verbose { for failure in family.failures { print("    \(failure)") } }
        }
        let (passed, total) = report.totals()
        print(String(format: "total: %d/%d = %.1f%%", passed, total, total == 0 ? 0 : 100 * Double(passed) / Double(total)))
    }
}

extension ExpressionConformanceReport {
    /// Reads every `<family>/<case…>/test.json` under `directory`, family by family.
    static func run(directory: String) throws -> ExpressionConformanceReport {
        let manager = FileManager.default
        guard let familyNames = try? manager.contentsOfDirectory(atPath: directory) else {
            throw ValidationError("cannot read \(directory); give a directory of <family>/<case>/test.json")
        }
        var report = ExpressionConformanceReport()
        for familyName in familyNames.sorted() {
            let familyPath = "\(directory)/\(familyName)"
            guard let enumerator = manager.enumerator(atPath: familyPath) else { continue }
            for path in enumerator.allObjects.compactMap({ $0 as? String }).sorted() where path.hasSuffix("test.json") {
                guard let data = manager.contents(atPath: "\(familyPath)/\(path)") else { continue }
                report.add(family: familyName, caseName: path, bytes: [UInt8](data))
            }
        }
        return report
    }
}
