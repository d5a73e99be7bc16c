// swift-tools-version: 6.1
import PackageDescription

// Layering (see docs/ARCHITECTURE.md): C wrappers and Geo at the bottom; VectorTile, StyleKit, Canvas above them;
// TileFetch and PosterRenderer above those; the pipeline and the executable on top. The renderer and its
// tests build without any server dependency.
// Imports are internal unless a file says `public import`, so that no C module or dependency leaks into
// a module's public API by accident.
let strictImports: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "CartoPress",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cartopress", targets: ["cartopress"]),
        .library(name: "PosterRenderer", targets: ["PosterRenderer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The server stack: only RenderService and the executable depend on it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
    ],
    targets: [
        // Level 0: system libraries behind module maps with typed shims for variadic C.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        // fontconfig finds installed faces for characters the bundled fonts lack (cairo links it already).
        .systemLibrary(name: "CFontconfig", pkgConfig: "fontconfig", providers: [.apt(["libfontconfig-dev"])]),
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz", providers: [.apt(["libharfbuzz-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // hiredis' pkg-config adds -D_FILE_OFFSET_BITS=64, which SwiftPM rejects: link it by name.
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
        // The PNG writer: ISA-L's igzip (libdeflate for other levels, zlib for its strategies) compressing a
        // band's chunks in parallel into one zlib stream, which takes bit-level work on raw deflate streams best
        // done in C. igzip's headers come from libisal-dev (scripts/setup.sh).
        .target(name: "CPNGWriter", linkerSettings: [.linkedLibrary("isal"), .linkedLibrary("deflate"), .linkedLibrary("z")]),
        // So does libjpeg: JPEG raster tiles are decoded in C behind setjmp.
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        // ICU's Arabic shaping, bidi and line breaking, behind a few calls (its entry points carry the ICU version in their names).
        .target(name: "CBidi", linkerSettings: [.linkedLibrary("icuuc")]),
        // libcurl, opened on first use rather than linked (its thirty libraries cost every process start-up),
        // with typed shims for its variadic calls and the share handle's lock callbacks (mutexes need C storage).
        // Its headers come from libcurl4-openssl-dev (scripts/setup.sh).
        .target(name: "CCurlRuntime", linkerSettings: [.linkedLibrary("dl")]),

        .target(name: "Geo", swiftSettings: strictImports),
        .target(name: "VectorTile", swiftSettings: strictImports),
        .target(name: "StyleKit", dependencies: ["Geo"], swiftSettings: strictImports),
        .target(name: "Canvas", dependencies: ["CCairo", "CFreeType", "CFontconfig", "CHarfBuzz", "CPNGWriter", "CJPEG", "CBidi"], swiftSettings: strictImports),
        .target(name: "TileFetch", dependencies: ["Geo", "CZlib", "HTTPTransport"], swiftSettings: strictImports),
        .target(name: "JobQueue", dependencies: ["CHiredis"], swiftSettings: strictImports),
        .target(name: "PosterRenderer", dependencies: ["Geo", "VectorTile", "StyleKit", "Canvas"], swiftSettings: strictImports),
        .target(name: "HTTPTransport", dependencies: ["CCurlRuntime"], swiftSettings: strictImports),
        .target(name: "ObjectStorage", dependencies: ["HTTPTransport", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictImports),
        .target(name: "PosterPipeline", dependencies: ["Geo", "TileFetch", "HTTPTransport", "VectorTile", "StyleKit", "Canvas", "PosterRenderer"], swiftSettings: strictImports),
        // MapLibre's render tests: cases, local assets, pixelmatch, the runner (inputs load through the pipeline's loader).
        .target(name: "RenderConformance", dependencies: ["Geo", "VectorTile", "StyleKit", "Canvas", "TileFetch", "PosterRenderer", "PosterPipeline"], swiftSettings: strictImports),
        .target(name: "RenderService", dependencies: [
            "PosterPipeline", "PosterRenderer", "StyleKit", "Canvas", "TileFetch", "Geo", "JobQueue", "ObjectStorage", "HTTPTransport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], swiftSettings: strictImports),
        .executableTarget(name: "cartopress", dependencies: [
            "PosterPipeline", "PosterRenderer", "Canvas", "Geo", "StyleKit", "RenderService", "ObjectStorage", "RenderConformance", "BenchmarkSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strictImports),

        // Real servers the tests start on loopback (S3, webhook receiver, redis-server); Foundation only.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // A stand-in queue worker that WorkerCrashTests starts and kills; built by `swift build --build-tests`, never shipped.
        .executableTarget(name: "cartopress-test-worker", dependencies: [
            "JobQueue",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Tests/TestWorker", swiftSettings: strictImports),

        // Developer benchmarks (Benchmarks/README.md), outside the shipped binary: `swift run -c release cartopress-bench …`.
        // `cartopress bench`, which sizes a deployment on the operator's hardware, stays in the product.
        .target(name: "BenchmarkSupport", path: "Benchmarks/BenchmarkSupport", swiftSettings: strictImports),
        .executableTarget(name: "cartopress-bench", dependencies: [
            "BenchmarkSupport", "TestSupport", "PosterPipeline", "PosterRenderer", "StyleKit", "VectorTile", "TileFetch", "Geo", "Canvas",
            "JobQueue", "ObjectStorage", "HTTPTransport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/cartopress-bench", swiftSettings: strictImports),

        .testTarget(name: "GeoTests", dependencies: ["Geo", "TestSupport"]),
        .testTarget(name: "VectorTileTests", dependencies: ["VectorTile", "TileFetch"]),
        .testTarget(name: "StyleKitTests", dependencies: ["StyleKit", "Geo", "TestSupport"]),
        .testTarget(name: "CanvasTests", dependencies: ["Canvas", "CZlib", "CHarfBuzz"]),
        .testTarget(name: "TileFetchTests", dependencies: ["TileFetch", "HTTPTransport", "TestSupport"]),
        .testTarget(name: "JobQueueTests", dependencies: ["JobQueue", "TestSupport"]),
        .testTarget(name: "RenderServiceTests", dependencies: [
            "RenderService", "JobQueue", "PosterPipeline", "ObjectStorage", "HTTPTransport", "TestSupport", "TileFetch", "Geo",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestSupport"]),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "HTTPTransport", "TestSupport"]),
        .testTarget(name: "RenderConformanceTests", dependencies: ["RenderConformance", "Canvas", "StyleKit"]),
        .testTarget(name: "PosterRendererTests", dependencies: ["PosterRenderer", "Canvas", "StyleKit", "VectorTile", "Geo"]),
        // Posters end to end through the pipeline: reference images, styles, layouts, routes, terrain, remote tiles.
        .testTarget(name: "PosterPipelineTests", dependencies: ["PosterPipeline", "PosterRenderer", "TileFetch", "TestSupport", "StyleKit", "VectorTile", "Canvas", "Geo"]),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz targets (Fuzz/FuzzTargets.swift) exist only in a build that links libFuzzer, which supplies
// `main`: `scripts/fuzz.sh` sets CARTOPRESS_FUZZ=1 and builds them with -sanitize=fuzzer,address.
if Context.environment["CARTOPRESS_FUZZ"] == "1" {
    package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/Driver"))
    package.targets.append(.executableTarget(
        name: "cartopress-fuzz",
        dependencies: ["CFuzzDriver", "Geo", "VectorTile", "StyleKit", "TileFetch", "HTTPTransport", "ObjectStorage", "RenderConformance", "PosterRenderer",
                       "RenderService"],
        path: "Fuzz/Targets"))
}
