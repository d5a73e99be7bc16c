import Foundation

/// Where the tests find their data, from this file's place in the checkout.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The bundled subset of the PMTiles fixtures.
    static let bundledPMTiles = repository.appendingPathComponent("Tests/Fixtures/pmtiles")
    /// The bundled demo tiles.
    static let data = repository.appendingPathComponent("Data")

    static func dataFile(_ name: String) -> String {
        data.appendingPathComponent(name).path
    }
}

/// Lowercase hex of bytes.
func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
    bytes.map { String(format: "%02x", $0) }.joined()
}
