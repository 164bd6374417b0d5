// swift-tools-version: 6.0
import PackageDescription

// Every target that imports a C shim must agree with Python.h on _GNU_SOURCE, or clang's
// modules disagree about fd_set (see docs/platform.md).
let gnuSource: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-D_GNU_SOURCE"])]

let package = Package(
    name: "Parity",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parity", targets: ["ParityCLI"]),
        .library(name: "OnnxFormat", targets: ["OnnxFormat"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "Frontends", targets: ["Frontends"]),
        .library(name: "Parity", targets: ["Parity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // C shims: module maps plus static inline wrappers for macros Swift cannot import.
        .systemLibrary(name: "CPython", path: "Sources/Shims/CPython", pkgConfig: "python3-embed",
                       providers: [.apt(["python3-dev"])]),
        .systemLibrary(name: "CHDF5", path: "Sources/Shims/CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CBLAS", path: "Sources/Shims/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/Shims/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // Parity's own SIMD kernels in C (AVX-512 per function, chosen at run time). -O3 even
        // in debug builds: intrinsics at -O0 would make the test suite's models crawl.
        .target(name: "CKernels", path: "Sources/CKernels", exclude: ["README.md"],
                cSettings: [.unsafeFlags(["-O3"])]),

        .target(name: "OnnxFormat",
                dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf"), "CZlib"],
                exclude: ["README.md", "Protos"]),
        .target(name: "Runtime", dependencies: ["OnnxFormat", "CBLAS", "CKernels"],
                exclude: ["README.md", "Optimizer/README.md"], swiftSettings: gnuSource),
        // Swift 5 mode here: the CPython bridge hands raw C pointers between one dedicated
        // thread and its callers, which strict concurrency checking cannot express.
        .target(name: "Frontends", dependencies: ["OnnxFormat", "CPython", "CHDF5"],
                exclude: ["README.md"], swiftSettings: gnuSource + [.swiftLanguageMode(.v5)]),
        .target(name: "Parity", dependencies: ["OnnxFormat", "Runtime", "Frontends"],
                exclude: ["README.md"], swiftSettings: gnuSource),
        .executableTarget(name: "ParityCLI",
                          dependencies: ["Parity", "Runtime", "Frontends", "OnnxFormat",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          exclude: ["README.md"], swiftSettings: gnuSource),

        .testTarget(name: "OnnxFormatTests", dependencies: ["OnnxFormat"], swiftSettings: gnuSource),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "OnnxFormat"], swiftSettings: gnuSource),
        .testTarget(name: "FrontendsTests", dependencies: ["Frontends", "OnnxFormat", "Runtime"], swiftSettings: gnuSource),
        .testTarget(name: "ParityTests", dependencies: ["Parity", "OnnxFormat"], swiftSettings: gnuSource),
        .testTarget(name: "CLITests", dependencies: ["OnnxFormat", "ParityCLI"], swiftSettings: gnuSource),
    ]
)
