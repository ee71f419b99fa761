// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "report",
  products: [
    .executable(name: "report", targets: ["report"]),
    .library(name: "DataSets", targets: ["DataSets"]),
    .library(name: "Learning", targets: ["Learning"]),
    .library(name: "Plotting", targets: ["Plotting"]),
    .library(name: "Reporting", targets: ["Reporting"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    .target(name: "LearningKernels"),
    // The program's arguments captured at start, for a system without /proc.
    .target(name: "ProcessStart"),
    // SHA-256's blocks in C: the x86 SHA extensions where present, else portable code.
    .target(name: "DataKernels"),
    .target(name: "DataSets", dependencies: ["DataKernels"]),
    .target(name: "Learning", dependencies: ["DataSets", "LearningKernels"]),
    // cairo-ft: Cairo with its FreeType font backend (and FreeType's headers), which
    // libcairo2-dev installs with Cairo.
    .systemLibrary(
      name: "CCairo", pkgConfig: "cairo-ft", providers: [.apt(["libcairo2-dev"])]),
    .systemLibrary(
      name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .target(name: "Plotting", dependencies: ["CCairo", "CPNG"]),
    .target(
      name: "Reporting",
      dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
    .executableTarget(
      name: "report",
      dependencies: [
        "ProcessStart",
        "DataSets", "Learning", "Plotting", "Reporting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // A release build on Linux carries the Swift runtime and Foundation in the program:
      // loading and binding their dozen shared libraries took some 15 ms of every run.
      // Compiling with -static-stdlib makes the program's objects name the static libraries
      // Foundation needs (ICU among them); lld links them, as GNU gold would print a warning
      // about a use of mktemp inside the static Foundation.
      swiftSettings: [
        .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))
      ],
      linkerSettings: [
        .unsafeFlags(
          ["-static-stdlib", "-use-ld=lld"], .when(platforms: [.linux], configuration: .release))
      ]),
    .executableTarget(name: "bench", dependencies: ["DataSets", "Learning"]),
    .testTarget(
      name: "LearningTests", dependencies: ["DataSets", "Learning"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "DataSetsTests", dependencies: ["DataSets"], resources: [.copy("Fixtures")]),
    .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
    .testTarget(name: "ReportTests", dependencies: ["Learning", "Plotting"]),
  ],
  swiftLanguageModes: [.v6]
)
