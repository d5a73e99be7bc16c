import ArgumentParser
import BenchmarkSupport
import Foundation
import PosterPipeline
import StyleKit

/// `cartopress-bench json`: how fast `JSONParser` reads a style into `JSONValue`, beside Foundation's
/// `JSONDecoder` decoding the same type (what styles were read with before).
struct JSONParseBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "Measure JSON parsing into JSONValue: JSONParser against Foundation's JSONDecoder, on the largest bundled style.")

    @Option(help: "The JSON file to parse (default: the largest Styles/*.json).") var file: String?
    @Option(help: "Measured runs (the median is reported).") var runs: Int = 11
    @Option(help: "Seconds each run parses for, at least.") var seconds: Double = 0.3

    func run() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        let path = try file ?? Self.largestStyle(in: try ResourceLocator.discover().stylesDirectory)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let data = Data(bytes)
        // Both must read the file, and alike, or the figures compare nothing.
        guard try JSONParser.parse(bytes) == JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ValidationError("JSONParser and JSONDecoder read \(path) differently")
        }
        let parser = measure(bytes.count) { _ = try? JSONParser.parse(bytes) }
        let decoder = measure(bytes.count) { _ = try? JSONDecoder().decode(JSONValue.self, from: data) }
        print(String(format: "%@ (%d bytes), MB/s median [min–max] of %d runs:", path, bytes.count, runs))
        print(String(format: "  JSONParser             %8.1f [%.1f–%.1f]", parser.median, parser.minimum, parser.maximum))
        print(String(format: "  JSONDecoder (JSONValue) %7.1f [%.1f–%.1f]", decoder.median, decoder.minimum, decoder.maximum))
        print(String(format: "  speed-up %.0fx", parser.median / decoder.median))
    }

    /// MB/s of each run: `parse` repeated until `seconds` have passed.
    func measure(_ size: Int, _ parse: () -> Void) -> BenchmarkStatistics {
        parse()
        return BenchmarkStatistics((0..<runs).map { _ in
            let clock = ContinuousClock()
            let start = clock.now
            var count = 0
            var elapsed = 0.0
            repeat {
                parse()
                count += 1
                let duration = clock.now - start
                elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            } while elapsed < seconds
            return Double(size * count) / elapsed / 1e6
        })
    }

    static func largestStyle(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") && !$0.hasSuffix(".palettes.json") }
        let sized = try names.map { name in
            (name, (try FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)")[.size] as? Int) ?? 0)
        }
        guard let largest = sized.max(by: { $0.1 < $1.1 }) else { throw ValidationError("no styles in \(directory)") }
        return "\(directory)/\(largest.0)"
    }
}
