#!/usr/bin/env bash
# Builds the XCFramework and the Swift bindings for the Swift package. macOS only (Xcode,
# `rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios`).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
for t in "${targets[@]}"; do
    cargo build --locked --profile device -p steppe-ffi --target "$t"
done

# Bindings come from a host build of the same crate (library mode reads its metadata).
cargo xtask bindings --out target/bindings
mkdir -p ios/Sources/SteppeFFI ios/build/include
cp target/bindings/swift/SteppeFFI.swift ios/Sources/SteppeFFI/
cp target/bindings/swift/SteppeFFIFFI.h ios/build/include/
cp target/bindings/swift/SteppeFFIFFI.modulemap ios/build/include/module.modulemap

# One fat library for the simulators, one for devices.
mkdir -p target/ios-sim
lipo -create \
    target/aarch64-apple-ios-sim/device/libsteppe_ffi.a \
    target/x86_64-apple-ios/device/libsteppe_ffi.a \
    -output target/ios-sim/libsteppe_ffi.a

rm -rf ios/build/SteppeFFIFFI.xcframework
xcodebuild -create-xcframework \
    -library target/aarch64-apple-ios/device/libsteppe_ffi.a -headers ios/build/include \
    -library target/ios-sim/libsteppe_ffi.a -headers ios/build/include \
    -output ios/build/SteppeFFIFFI.xcframework
echo "ios/build/SteppeFFIFFI.xcframework ready; open ios/App with XcodeGen (see ios/App/project.yml)"
