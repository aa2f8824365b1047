// swift-tools-version:6.1
// Tools 6.1 (GRDB 7 needs it): every target builds in the Swift 6 language mode (strict concurrency errors on).
//
// Dependency direction (arrows point inward only):
//   programs: parley, parley-relay (their option groups: ParleyCommandLine, over the shells)
//   shells:   ParleyRelay (SwiftNIO), ParleyClient (POSIX + Dispatch), ParleyTerminal (ncurses),
//             ParleyStoreSQLite (GRDB over the system's SQLite)
//   pure:     ParleyRelayCore, ParleyStoreModel, ParleyClientCore, ParleyLink, ParleyWire  (standard library only)
import PackageDescription

let package = Package(
    name: "Parley",
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .executable(name: "parley-relay", targets: ["parley-relay"]),
        .library(name: "ParleyWire", targets: ["ParleyWire"]),
        .library(name: "ParleyRelay", targets: ["ParleyRelay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // ncursesw as a system library; see Modules/CNcurses/shim.h for why there is no pkgConfig.
        .systemLibrary(name: "CNcurses", path: "Modules/CNcurses"),

        // Pure cores: standard library only.
        .target(name: "ParleyWire"),
        .target(name: "ParleyLink", dependencies: ["ParleyWire"]),
        .target(name: "ParleyStoreModel", dependencies: ["ParleyWire"]),
        .target(name: "ParleyRelayCore", dependencies: ["ParleyWire", "ParleyStoreModel"]),
        .target(name: "ParleyClientCore", dependencies: ["ParleyWire"]),
        .target(name: "ParleyUI", dependencies: ["ParleyClientCore", "ParleyWire"]),

        // Shells.
        .target(
            name: "ParleyRelay",
            dependencies: [
                "ParleyRelayCore", "ParleyLink", "ParleyWire", "ParleyStoreModel",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ParleyClient", dependencies: ["ParleyClientCore", "ParleyLink", "ParleyWire"]),
        .target(name: "ParleyTerminal", dependencies: ["CNcurses", "ParleyUI", "ParleyClientCore"]),
        .target(name: "ParleyFaultProxy", dependencies: ["ParleyLink", "ParleyWire"]),
        .target(
            name: "ParleyStoreSQLite",
            dependencies: [
                "ParleyStoreModel", "ParleyWire", .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API GRDB is built on, for binding the hot inserts without boxing.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // The programs' shared option groups; the only library that imports ArgumentParser.
        .target(
            name: "ParleyCommandLine",
            dependencies: [
                "ParleyRelay", "ParleyClient", "ParleyClientCore", "ParleyLink", "ParleyWire",
                "ParleyStoreModel", "ParleyStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Programs: parse arguments, build a configuration, run.
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyClient", "ParleyClientCore", "ParleyCommandLine", "ParleyUI", "ParleyTerminal", "ParleyRelay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "parley-relay",
            dependencies: [
                "ParleyCommandLine", "ParleyRelay", "ParleyStoreModel", "ParleyStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "parley-bench",
            dependencies: [
                "ParleyWire", "ParleyLink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "parley-soak",
            dependencies: [
                "ParleyWire", "ParleyLink", "ParleyRelay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "parley-proxy",
            dependencies: [
                "ParleyFaultProxy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests mirror the modules.
        // Helpers shared by the test targets that run threads (not shipped in any product).
        .target(name: "ParleyTestSupport", dependencies: ["ParleyWire", "ParleyLink"], path: "Tests/ParleyTestSupport"),
        .testTarget(name: "ParleyWireTests", dependencies: ["ParleyWire"]),
        .testTarget(name: "ParleyLinkTests", dependencies: ["ParleyLink", "ParleyWire", "ParleyFaultProxy", "ParleyTestSupport"]),
        .testTarget(
            name: "ParleyStoreTests",
            dependencies: ["ParleyStoreModel", "ParleyStoreSQLite", "ParleyWire", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ParleyRelayCoreTests", dependencies: ["ParleyRelayCore", "ParleyStoreModel", "ParleyWire"]),
        .testTarget(name: "ParleyClientCoreTests", dependencies: ["ParleyClientCore", "ParleyWire"]),
        .testTarget(
            name: "ParleyRelayTests",
            dependencies: ["ParleyRelay", "ParleyWire", "ParleyTestSupport"]
        ),
        .testTarget(
            name: "ParleyClientTests",
            dependencies: [
                "ParleyClient", "ParleyClientCore", "ParleyRelay", "ParleyFaultProxy", "ParleyStoreModel", "ParleyWire",
                "ParleyTestSupport",
            ]
        ),
        .testTarget(
            name: "ParleyHardeningTests",
            dependencies: [
                "ParleyRelay", "ParleyWire", "ParleyTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ParleyCommandLineTests",
            dependencies: [
                "ParleyCommandLine", "ParleyRelay", "ParleyClient", "ParleyClientCore", "ParleyWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Real parley-relay processes on a data directory: restarts, kill -9, a full disk, bad files.
        .testTarget(name: "ParleyDurabilityTests", dependencies: ["ParleyWire", "ParleyTestSupport"]),
        .testTarget(name: "ParleyUITests", dependencies: ["ParleyUI", "ParleyClientCore", "ParleyWire"]),
        .testTarget(name: "ParleyTerminalTests", dependencies: ["ParleyTerminal", "ParleyUI", "ParleyClientCore", "CNcurses"]),
    ]
)
