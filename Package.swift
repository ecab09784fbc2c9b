// swift-tools-version: 6.1
// ImpactMonitor: the quarterly impact report of a municipal programme for social enterprises.
// Modules follow the data flow. Each target declares exactly the modules it imports (CI builds with
// --explicit-target-dependency-import-check error):
//   CCurl → Curl → Fetching → Connectors            fetch: libcurl, HTTP client and response store, source parsers
//   JSONCodec                                       RFC 8259 JSON over bytes, under Connectors (fuzzed as it is)
//   ConfigFiles, RunArtifacts                       one decoder per config file; one owner per run-folder file
//   Normalization                                   normalize: registry, matching, observations
//   ObservationStore                                the binary observations from national normalize to compute
//   ContentHash (SHA-256 over swift-crypto)         the one content hash, under Curl, Fetching, Normalization and Pipeline
//   Indicators, Reporting                           compute and report: ImpactModel, CSVCodec, ConfigFiles, RunArtifacts
//   Pipeline (every stage module) → impactmon       stages, run folder, command line
// ImpactModel and CSVCodec sit underneath everything.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "ImpactMonitor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "impactmon", targets: ["impactmon"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/JohnSundell/Plot", exact: "0.14.0"),
    ],
    targets: [
        // Pure value types of the field: periods, identifiers, observations, enterprises, diagnostics.
        .target(name: "ImpactModel", swiftSettings: swiftSettings),
        // RFC 4180 reader/writer (byte scanner), delimiter/BOM/encoding detection.
        .target(name: "CSVCodec", swiftSettings: swiftSettings),
        // The project's one content hash (lower-case hex SHA-256 of bytes or a file), over swift-crypto.
        .target(
            name: "ContentHash", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // The run folder's files: one record type, one reader and one writer per file (compute/metrics.csv, …).
        .target(name: "RunArtifacts", dependencies: ["ImpactModel", "CSVCodec"], swiftSettings: swiftSettings),
        // The config files every stage shares, one decoder each: config/themes.yaml (ThemeCatalog), config/metrics.yaml
        // (MetricsFile), config/measure-rules.yaml (MeasureRules).
        .target(
            name: "ConfigFiles", dependencies: ["ImpactModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // RFC 8259 JSON over bytes: the tree parser (JSONParser → JSONValue) and the string lexeme the OData page scan
        // shares; no dependency, so fuzz/ compiles it as it is.
        .target(name: "JSONCodec", swiftSettings: swiftSettings),
        // libcurl, as a system library; only `Curl` imports it.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        // Bodies are hashed (ContentHash) as they stream in, in the write callback.
        .target(name: "Curl", dependencies: ["CCurl", "ContentHash"], swiftSettings: swiftSettings),
        // HTTP client over Curl, retries, conditional GET, response store, fetch.json.
        .target(
            name: "Fetching",
            dependencies: [
                "Curl", "ContentHash", "ImpactModel",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // CBS OData v3/v4, KvK Basisprofiel, CKAN, CSV/JSON: request plans and response parsers.
        .target(
            name: "Connectors",
            dependencies: ["Fetching", "ContentHash", "ImpactModel", "CSVCodec", "JSONCodec"],
            swiftSettings: swiftSettings),
        // The binary, columnar observations a national run hands from normalize to compute (one owner of the format).
        .target(name: "ObservationStore", dependencies: ["ImpactModel"], swiftSettings: swiftSettings),
        // Registry, matching, canonical observations, rejects, row-conservation ledger.
        .target(
            name: "Normalization",
            dependencies: [
                "ConfigFiles", "ContentHash", "ImpactModel", "CSVCodec", "ObservationStore", "RunArtifacts",
            ],
            swiftSettings: swiftSettings),
        // Metric catalogue and pure compute functions, coverage, disclosure control.
        .target(
            name: "Indicators",
            dependencies: ["ConfigFiles", "ImpactModel", "RunArtifacts"],
            swiftSettings: swiftSettings),
        // The report model and its Markdown and HTML renderers (HTML through Plot), the CSVs.
        .target(
            name: "Reporting",
            dependencies: [
                "ConfigFiles", "ImpactModel", "CSVCodec", "RunArtifacts", .product(name: "Yams", package: "Yams"),
                .product(name: "Plot", package: "Plot"),
            ],
            swiftSettings: swiftSettings),
        // Pipeline definitions, stages, run directory, manifest, lock.
        .target(
            name: "Pipeline",
            dependencies: [
                "Fetching", "ContentHash", "Connectors", "Normalization", "Indicators", "Reporting", "RunArtifacts",
                "ConfigFiles",
                "ImpactModel", "CSVCodec", "ObservationStore", .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The command line: argument parsing only.
        .executableTarget(
            name: "impactmon",
            dependencies: [
                "Pipeline", "ImpactModel", "Normalization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Test support: locating ../shared/data/real, loopback HTTP server, golden files.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "ImpactModelTests", dependencies: ["ImpactModel"], swiftSettings: swiftSettings),
        // The repository's scripts (install-deps.sh) run against stubbed system commands.
        .testTarget(name: "OperationsTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "CSVCodecTests", dependencies: ["CSVCodec", "TestSupport"], exclude: ["Resources"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FetchingTests", dependencies: ["Curl", "Fetching", "ImpactModel", "TestSupport"],
            exclude: ["Resources"],  // fault_server.py, started by the tests from its path
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "Fetching", "ImpactModel", "CSVCodec", "JSONCodec", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NormalizationTests",
            dependencies: [
                "Normalization", "ConfigFiles", "ImpactModel", "CSVCodec", "ContentHash", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IndicatorsTests",
            dependencies: ["Indicators", "RunArtifacts", "ConfigFiles", "ImpactModel", "CSVCodec", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ObservationStoreTests", dependencies: ["ObservationStore", "ImpactModel", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportingTests", dependencies: ["Reporting", "RunArtifacts", "ImpactModel"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PipelineTests", dependencies: ["Pipeline", "ConfigFiles", "Fetching", "ImpactModel", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Pipeline", "Indicators", "Reporting", "RunArtifacts", "ImpactModel", "CSVCodec", "TestSupport",
            ],
            exclude: ["Golden", "Fixtures"], swiftSettings: swiftSettings),
    ]
)
