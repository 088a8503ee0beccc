// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: Geometry <- Pixels <- Vips <- VLMPrep <- vlmprep (CLI).
// See ../shared/DESIGN.md §1 and CHANGELOG.md for the one deviation (VLMPrepPixels).
let package = Package(
    name: "vlmprep",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "VLMPrep", targets: ["VLMPrep"]),
        .executable(name: "vlmprep", targets: ["vlmprep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C: libvips through pkg-config, plus fixed-arity wrappers for its varargs API.
        .systemLibrary(
            name: "CVLMPrepLibvips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(
            name: "CVLMPrepShims",
            dependencies: ["CVLMPrepLibvips"],
            linkerSettings: [.linkedLibrary("jpeg")]
        ),

        // Pure Swift, no C: sizes, boxes, layouts and plans.
        .target(name: "VLMPrepGeometry"),
        // Pure Swift, no C: 8-bit pixel buffers, Pillow-exact resampling and mode conversion.
        .target(name: "VLMPrepPixels", dependencies: ["VLMPrepGeometry"]),

        // The only module that talks to C (in its Bridge/ folder).
        .target(
            name: "VLMPrepVips",
            dependencies: ["VLMPrepGeometry", "VLMPrepPixels", "CVLMPrepShims", "CVLMPrepLibvips"]
        ),

        // The library users import.
        .target(
            name: "VLMPrep",
            dependencies: [
                "VLMPrepGeometry", "VLMPrepPixels", "VLMPrepVips",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The command-line tool: a thin shell over VLMPrep.
        .executableTarget(
            name: "vlmprep",
            dependencies: [
                "VLMPrep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test helpers only: fixture paths (Tests/Fixtures), reference vectors, a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "VLMPrepGeometryTests", dependencies: ["VLMPrepGeometry", "TestSupport"]),
        .testTarget(name: "VLMPrepPixelsTests", dependencies: ["VLMPrepPixels", "TestSupport"]),
        .testTarget(name: "VLMPrepVipsTests", dependencies: ["VLMPrepVips", "TestSupport"]),
        .testTarget(name: "VLMPrepTests", dependencies: ["VLMPrep", "TestSupport"]),
        .testTarget(name: "vlmprepTests", dependencies: ["vlmprep", "TestSupport"]),
    ]
)
