// swift-tools-version:5.9
// Steppe for iOS: the Swift library over the uniffi-generated bindings. `./build-xcframework.sh`
// (on macOS, with Xcode and the Rust iOS targets) produces build/SteppeFFIFFI.xcframework and
// Sources/SteppeFFI/SteppeFFI.swift before this package builds.
import PackageDescription

let package = Package(
    name: "Steppe",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Steppe", targets: ["Steppe"]),
    ],
    targets: [
        // The Rust library (static, per architecture) with the C header uniffi generated.
        .binaryTarget(name: "SteppeFFIFFI", path: "build/SteppeFFIFFI.xcframework"),
        // The generated Swift bindings (never edited by hand).
        .target(name: "SteppeFFI", dependencies: ["SteppeFFIFFI"], path: "Sources/SteppeFFI"),
        // What apps use: async/await and AsyncStreams over the bindings.
        .target(name: "Steppe", dependencies: ["SteppeFFI"], path: "Sources/Steppe"),
        .testTarget(name: "SteppeTests", dependencies: ["Steppe"], path: "Tests/SteppeTests"),
    ]
)
