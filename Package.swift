// swift-tools-version:6.0
// aitc — AI-terminal certification and benchmarking suite.
import PackageDescription

/// Strict C99 with every warning an error, shared by every C target of the device agent.
let agentCSettings: [CSetting] = [
    .define("_POSIX_C_SOURCE", to: "200809L"),
    .unsafeFlags(["-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter"]),
]

/// Swift settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "aitc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aitc", targets: ["aitc"]),
        .executable(name: "aitc-agent", targets: ["aitc-agent"]),
        .library(name: "Conformance", targets: ["Conformance"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "Privacy", targets: ["Privacy"]),
        .library(name: "Attestation", targets: ["Attestation"]),
        .library(name: "Metering", targets: ["Metering"]),
        .library(name: "EnergyRun", targets: ["EnergyRun"]),
        .library(name: "Certification", targets: ["Certification"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        // The registry (issue 20): its server and database drivers live only in RegistryServer.
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The registry's API types and protocol, generated from Docs/registry-openapi.yaml and committed
        // (Tools/registry/regenerate-openapi.sh): only the runtime and the Hummingbird transport are built.
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // MARK: Device agent (C99 + json-c)
        .systemLibrary(
            name: "CJSONC",
            pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]
        ),
        .target(
            name: "CAitcBackendABI",
            cSettings: agentCSettings
        ),
        .target(
            name: "CAitcReference",
            dependencies: ["CAitcBackendABI"],
            cSettings: agentCSettings + [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("m"), .linkedLibrary("pthread")]
        ),
        .executableTarget(
            name: "aitc-agent",
            dependencies: ["CJSONC", "CAitcBackendABI", "CAitcReference"],
            cSettings: agentCSettings,
            linkerSettings: [
                .linkedLibrary("json-c"), .linkedLibrary("sodium"), .linkedLibrary("dl"), .linkedLibrary("m"),
            ]
        ),

        // MARK: The one lock type (Foundation only), below every module that shares state between threads
        .target(
            name: "Locking",
            swiftSettings: swiftSettings
        ),

        // MARK: Child processes (every program the harness starts)
        .target(
            name: "CSpawn",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]
        ),
        .target(
            name: "ChildProcesses",
            dependencies: ["CSpawn", "Locking"],
            swiftSettings: swiftSettings
        ),

        // MARK: Harness (Swift)
        .target(
            name: "Conformance",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Attestation",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Accreditation",
            dependencies: [
                "Attestation", "Locking",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Desk",
            dependencies: [
                "Accreditation", "Attestation", "Conformance", "Harness", "Locking",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Metering",
            dependencies: ["Locking", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Harness",
            dependencies: [
                "Conformance", "Metering", "ChildProcesses", "Locking",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["BuildProvenancePlugin"]
        ),
        // Writes the resolved dependency versions into Harness at build time (a report's build provenance).
        .plugin(name: "BuildProvenancePlugin", capability: .buildTool()),
        // The privacy audit (PRV-01…PRV-06): root-only, Linux-only, and a leaf nothing in Harness uses.
        .target(
            name: "Privacy",
            dependencies: [
                "Harness", "Conformance", "Metering", "ChildProcesses", "Locking",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The energy instrument of a run: meters (Metering) wired to the run's hooks (Harness).
        .target(
            name: "EnergyRun",
            dependencies: [
                "Harness", "Conformance", "Metering", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A whole certification as one call: input checks, campaign, instruments, scoring, signing.
        .target(
            name: "Certification",
            dependencies: [
                "Harness", "Attestation", "Accreditation", "Conformance", "Metering", "Locking",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // RFC 9162 Merkle tree, inclusion and consistency proofs, signed tree heads (swift-crypto only).
        .target(
            name: "Transparency",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The registry's rules: publish through the desk's eight steps, the index, the log, over SQLKit
        // (no driver, no server: those are RegistryServer's).
        .target(
            name: "Registry",
            dependencies: [
                "Transparency", "Desk", "Accreditation", "Attestation",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The registry's HTTP server (Hummingbird) and its SQLite and PostgreSQL drivers: a leaf only
        // the command line imports.
        .target(
            name: "RegistryServer",
            dependencies: [
                "Registry", "Transparency", "Desk", "Attestation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aitc",
            dependencies: [
                "Certification", "Harness", "Privacy", "EnergyRun", "Attestation", "Conformance", "Metering",
                "Accreditation", "Desk", "Transparency", "Registry", "RegistryServer", "Locking",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        // Paths and temporary folders shared by the test targets (not a test target itself).
        // The meter simulators (PTDaemon, SCPI) live here so the unit and the end-to-end tests share them.
        .target(
            name: "TestSupport",
            dependencies: [
                "Harness", "Metering", "Accreditation", "Attestation", "Conformance", "Locking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AttestationTests",
            dependencies: ["Attestation", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(name: "MeteringTests", dependencies: ["Metering", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"], swiftSettings: swiftSettings),
        .testTarget(name: "LockingTests", dependencies: ["Locking"], swiftSettings: swiftSettings),
        .testTarget(name: "AgentTests", dependencies: ["Harness"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CertificationTests",
            dependencies: [
                "Certification", "Harness", "Conformance", "Attestation", "Accreditation", "TestSupport", "Locking",
                .product(name: "X509", package: "swift-certificates"),
            ],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HarnessTests",
            dependencies: [
                "Harness", "Conformance", "Attestation", "Certification", "TestSupport", "ChildProcesses", "Desk",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccreditationTests",
            dependencies: [
                "Accreditation", "Attestation",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeskTests",
            dependencies: [
                "Desk", "Accreditation", "Attestation", "Conformance", "Harness", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransparencyTests",
            dependencies: ["Transparency", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry", "RegistryServer", "Transparency", "Desk", "Accreditation", "Attestation", "Harness",
                "TestSupport", "Locking",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PrivacyTests",
            dependencies: ["Privacy", "Harness", "Conformance", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EnergyRunTests",
            dependencies: [
                "EnergyRun", "Harness", "Conformance", "Metering", "TestSupport", "Certification", "Attestation",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
