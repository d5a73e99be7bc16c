import ArgumentParser
import Foundation
import PosterPipeline

struct StylesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "List the bundled poster styles and their palettes (validating them all)."
    )

    @Flag(help: "Print the listing as GET /api/v1/styles serves it.")
    var json = false

    func run() throws {
        let pipeline = try PosterPipeline(resources: try ResourceLocator.discover())
        let listing = try pipeline.catalog.listing
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
            return
        }
        for style in listing.styles {
            print("\(style.id) — \(style.name): \(style.description)")
            for palette in style.palettes {
                print("    \(palette.id.padding(toLength: style.palettes.map(\.id.count).max() ?? 0, withPad: " ", startingAt: 0)) \(palette.name) (\(palette.colors.background) paper, \(palette.colors.primary) ink)")
            }
            print("    options: " + style.options.map { "\($0.id) (\($0.default ? "on" : "off"))" }.joined(separator: ", "))
        }
    }
}
