/// Pass counts per group and in total, over the cases that ran (skipped ones are counted apart).
public struct RenderTestReport: Sendable {
    public struct Group: Sendable {
        public var name: String
        public var passed: Int
        public var total: Int
        public var skipped: Int
    }
    public var groups: [Group]
    /// Cases whose render skipped something (a layer type, icons, an input), by id, with what.
    public var warnings: [(id: String, warnings: [String])] = []
    public var passed: Int { groups.map(\.passed).reduce(0, +) }
    public var total: Int { groups.map(\.total).reduce(0, +) }
    public var skipped: Int { groups.map(\.skipped).reduce(0, +) }

    public init(_ results: [RenderTestResult]) {
        var byGroup: [String: Group] = [:]
        for result in results {
            var group = byGroup[result.group] ?? Group(name: result.group, passed: 0, total: 0, skipped: 0)
            switch result.outcome {
            case .skipped: group.skipped += 1
            case .passed: group.passed += 1; group.total += 1
            case .failed, .error: group.total += 1
            }
            byGroup[result.group] = group
        }
        groups = byGroup.values.sorted { $0.name < $1.name }
        warnings = results.filter { !$0.warnings.isEmpty }.map { ($0.id, $0.warnings) }
    }

    /// The table the command prints: group, passed/total, skipped (runtime operations).
    public var table: String {
        var lines = ["group".padding(toLength: 28, withPad: " ", startingAt: 0) + "passed/total  skipped"]
        for group in groups {
            lines.append(group.name.padding(toLength: 28, withPad: " ", startingAt: 0) + "\(group.passed)/\(group.total)".padding(toLength: 14, withPad: " ", startingAt: 0) + "\(group.skipped)")
        }
        let percent = total == 0 ? 0 : Double(passed) * 100 / Double(total)
        lines.append("total".padding(toLength: 28, withPad: " ", startingAt: 0) + "\(passed)/\(total) (" + String(format: "%.1f%%", percent) + ")  \(skipped) skipped")
        if !warnings.isEmpty {
            // Never silent: what each case's render left out.
            lines.append("\(warnings.count) cases skipped something:")
            for (id, messages) in warnings { lines.append("  \(id): \(Set(messages).sorted().joined(separator: "; "))") }
        }
        return lines.joined(separator: "\n")
    }
}
