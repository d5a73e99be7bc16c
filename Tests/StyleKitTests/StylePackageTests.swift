import Foundation
import Testing
@testable import StyleKit

/// The style package reads a style only when it is asked for, and checks everything only for `catalog()`.
@Suite struct StylePackageTests {
    /// The files the package asked for, in order.
    final class Reads: @unchecked Sendable {
        // @unchecked: `names` is only touched under `lock`.
        private let lock = NSLock()
        private var names: [String] = []
        func record(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    /// The bundled package with a broken style and an orphan palettes file beside it.
    static func package(_ reads: Reads) throws -> StylePackage {
        var files = try StyleCatalogTests.files()
        files["broken.json"] = Array(#"{"version": 8, "sources": {}, "layers": [}"#.utf8)
        files["broken.palettes.json"] = Array(#"{"palettes": []}"#.utf8)
        files["orphan.palettes.json"] = Array(#"{"palettes": []}"#.utf8)
        let snapshot = files
        return StylePackage(fileNames: Array(files.keys) + ["README.md"], read: { name in
            reads.record(name)
            return snapshot[name]
        }, adjust: { entry in
            var entry = entry
            entry.name += " (adjusted)"
            return entry
        })
    }

    @Test func aStyleIsReadAloneAndOnce() throws {
        let reads = Reads()
        let package = try Self.package(reads)
        #expect(reads.all.isEmpty)
        #expect(package.ids == ["abstract", "atmospheric", "blueprint", "broken", "dark-mode", "midnight", "minimal", "organic", "retro",
                                "topographic", "vintage", "watercolor"])
        let minimal = try #require(try package.entry("minimal"))
        #expect(minimal.name == "Minimal Line Art (adjusted)")
        #expect(minimal.palettes.count == 21)
        #expect(reads.all == ["minimal.json", "minimal.palettes.json"])
        _ = try package.entry("minimal")
        #expect(reads.all == ["minimal.json", "minimal.palettes.json"])
        #expect(try package.entry("neon") == nil)
        #expect(try package.entry("orphan") == nil)
        #expect(reads.all.count == 2)
    }

    @Test func aBrokenStyleFailsOnlyWhenItIsUsed() throws {
        let package = try Self.package(Reads())
        #expect(try package.entry("retro")?.id == "retro")
        let error = #expect(throws: StyleErrors.self) { try package.entry("broken") }
        #expect(error?.errors.map(\.description) == [
            "broken.json: not valid JSON: expected a value (object, array, string, number, true, false or null), found '}' at line 1, column 42 (byte 41)",
        ])
    }

    @Test func theCatalogueChecksEveryFileTogether() throws {
        let package = try Self.package(Reads())
        let error = #expect(throws: StyleErrors.self) { try package.catalog() }
        #expect(error?.errors.map(\.file) == ["broken.json", "orphan.palettes.json"])
        let reads = Reads()
        var files = try StyleCatalogTests.files()
        files["README.md"] = []
        let snapshot = files
        let good = StylePackage(fileNames: Array(files.keys), read: { reads.record($0); return snapshot[$0] })
        let catalog = try good.catalog()
        #expect(catalog.entries.map(\.id) == StyleCatalogTests.cartoArtPalettes.map(\.style))
        #expect(Set(reads.all) == Set(files.keys.filter { $0.hasSuffix(".json") }))
        // Entries the catalogue checked are not read again.
        let count = reads.all.count
        #expect(try good.entry("vintage")?.palettes.count == 6)
        #expect(reads.all.count == count)
    }
}
