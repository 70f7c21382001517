import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// What ran is in the report, checkable and in no machine's absolute paths: the built-in backend by
/// its build id, a vendor library by path (relative), size and SHA-256, the harness by its build
/// provenance. A library that runs the reference code and calls itself "reference" must be told apart.
@Suite(.serialized)
struct ReportIdentityTests {
    static let quick = ModeRules(
        name: "test", description: "short test run",
        singleStream: .init(minQueries: 50, minDurationS: 0.1, maxDurationS: 2),
        offline: .init(minSamples: 64, minDurationS: 0.05), cooldownS: 0, seed: 1)

    /// The report of a quick digits run with `backend`, as its JSON object.
    static func report(backend: String, out: TemporaryFolder) throws -> (ConformanceReport, [String: Any]) {
        let driver = LocalDriver(agentPath: try AgentLocator.hostAgent())
        let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let suite = Suite(
            id: full.id, version: full.version, title: full.title, deviceClass: full.deviceClass, clauses: full.clauses,
            workloads: full.workloads.filter { $0.id == "digits-cnn-fp32" }, path: full.path, sha256: full.sha256)
        var record = try CertificationRun(
            suite: suite, mode: quick, driver: driver, backend: backend, logger: Logger(label: "test")
        )
        .execute()
        // Evidence kept in the output folder, and a reason naming it, as instruments write them.
        let evidence = try out.write("capture.pcap", "x")
        record.instruments.append(
            InstrumentReport(
                name: "capture", kind: "network-capture", evidenceFiles: [AssetFile(path: evidence, sha256: "00")],
                notes: ["kept \(evidence)"]))
        var builder = ReportBuilder(
            standards: try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [
                ProjectRoot.layout.standardsDirectory
            ]),
            runRules: try RunRules.load(path: ProjectRoot.layout.runRulesPath),
            harness: HarnessIdentity.current(root: ProjectRoot.path), lab: LabSection(name: "test", keyId: "none"))
        builder.paths = ReportPaths(folders: [out.path, ProjectRoot.layout.suitesDirectory, ProjectRoot.path])
        let report = try builder.build(record, identity: driver.identity())
        let json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        return (report, json)
    }

    /// Every string in a JSON value.
    static func strings(_ value: Any) -> [String] {
        switch value {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap { strings($0) }
        case let d as [String: Any]: return d.keys.map { $0 } + d.values.flatMap { strings($0) }
        default: return []
        }
    }

    static func isHex64(_ s: String?) -> Bool {
        guard let s else { return false }
        return s.count == 64 && s.allSatisfy(\.isHexDigit)
    }

    @Test func theReferenceBackendIsRecordedByBuildIDAndAVendorLibraryByDigest() throws {
        let out = try TemporaryFolder()
        let (reference, referenceJSON) = try Self.report(backend: "reference", out: out)
        let builtIn = try #require(reference.workloads.first?.backend)
        #expect(builtIn.name == "reference" && builtIn.library == nil)
        #expect(Self.isHex64(builtIn.buildID))
        #expect(
            builtIn.buildID == FileDigest.sha256(file: try AgentLocator.hostAgent()),
            "the build id is the agent's digest")

        let library = try ReferenceFixture.disguisedReference.get()
        let (disguised, _) = try Self.report(backend: library, out: out)
        let impostor = try #require(disguised.workloads.first?.backend)
        #expect(
            impostor.name == "reference" && impostor.version == builtIn.version,
            "it declares itself the built-in backend")
        let recorded = try #require(impostor.library, "a library must be recorded as a library")
        #expect(impostor.buildID == nil)
        #expect(recorded.sha256 == FileDigest.sha256(file: library))
        #expect(recorded.bytes == (try FileManager.default.attributesOfItem(atPath: library)[.size] as? Int))
        #expect(
            recorded.path == (library as NSString).lastPathComponent, "outside the suite and output folders: its name")

        // The harness's build provenance.
        let build = try #require((referenceJSON["harness"] as? [String: Any])?["build"] as? [String: Any])
        #expect(build["configuration"] as? String == BuildProvenance.configuration)
        #if DEBUG
        #expect(build["configuration"] as? String == "debug", "a debug build must say so")
        #endif
        #expect((build["compiler"] as? String)?.hasPrefix("Swift 6") == true)
        #expect(Self.isHex64(build["executable_sha256"] as? String))
        // Written into the binary when it was built: present whatever folder the harness runs from.
        let dependencies = build["dependencies"] as? [String: String] ?? [:]
        #expect(dependencies["swift-crypto"] != nil && dependencies["yams"] != nil, "\(dependencies)")
        #expect(build["dependencies_source"] as? String == BuildProvenance.builtDependenciesSource)
    }

    @Test func theDependencyVersionsAreTheBuildsNotTheCheckouts() throws {
        // A checkout that claims other versions changes nothing: the report names what was linked.
        let checkout = try TemporaryFolder()
        try
            #"{"pins":[{"identity":"swift-crypto","kind":"remoteSourceControl","state":{"version":"0.0.1"}}],"version":2}"#
            .write(
                toFile: (checkout.path as NSString).appendingPathComponent("Package.resolved"), atomically: true,
                encoding: .utf8)
        let build = try #require(HarnessIdentity.current(root: checkout.path).build)
        #expect(build.dependencies["swift-crypto"] != "0.0.1", "\(build.dependencies)")
        #expect(build.dependencies == BuiltDependencies.versions)
        // The build resolved its graph from this checkout's Package.resolved (SwiftPM keeps it in
        // step): every pin there is a version the binary records.
        let resolved = try Data(contentsOf: URL(fileURLWithPath: "\(ProjectRoot.path)/Package.resolved"))
        let pins =
            (try JSONSerialization.jsonObject(with: resolved) as? [String: Any])?["pins"] as? [[String: Any]] ?? []
        #expect(!pins.isEmpty)
        for pin in pins {
            let identity = try #require(pin["identity"] as? String)
            let state = pin["state"] as? [String: Any] ?? [:]
            let version = (state["version"] as? String) ?? (state["revision"] as? String)
            #expect(
                build.dependencies[identity] == version,
                "\(identity): built \(build.dependencies[identity] ?? "-"), resolved \(version ?? "-")")
        }
    }

    @Test func aReportHoldsNoAbsolutePathOfTheHarnessMachine() throws {
        let out = try TemporaryFolder()
        let (report, json) = try Self.report(backend: "reference", out: out)
        let strings = Self.strings(json)
        let temporary = (NSTemporaryDirectory() as NSString).standardizingPath
        for s in strings {
            #expect(!s.hasPrefix("/"), "an absolute path in the report: \(s)")
            #expect(!s.contains(ProjectRoot.path + "/") && !s.contains(temporary + "/"), "a machine path inside: \(s)")
        }
        let workload = try #require(report.workloads.first)
        #expect(workload.model.path.hasPrefix("workloads/"), "relative to the suites folder: \(workload.model.path)")
        #expect(
            report.device.driver?.agentBinary?.hasPrefix(".build") == true, "\(report.device.driver?.agentBinary ?? "")"
        )
        #expect(report.instruments.first?.evidenceFiles.first?.path == "capture.pcap")
        #expect(report.instruments.first?.notes.first == "kept capture.pcap")
    }
}

/// Reports/README.md documents the identity and path fields the reports carry.
struct ReportSchemaDocTests {
    @Test func theSchemaDocNamesTheIdentityFields() throws {
        let doc = try String(contentsOfFile: "\(ProjectRoot.path)/Reports/README.md", encoding: .utf8)
        for key in [
            "`build`", "`configuration`", "`compiler`", "`dependencies`", "`dependencies_source`",
            "`executable_sha256`",
            "`build_id`", "`library`", "`bytes`", "A report holds no absolute path of the harness machine",
        ] {
            #expect(doc.contains(key), "Reports/README.md should document \(key)")
        }
        // And the encoder writes exactly those keys.
        let build = BuildProvenance(
            configuration: "debug", compiler: "Swift 6.3", dependencies: [:], dependenciesSource: "x",
            executableSHA256: "y")
        let identity = BackendIdentity(
            name: "n", version: "v", library: BackendLibrary(path: "p", bytes: 1, sha256: "s"), buildID: "b")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text =
            String(decoding: try encoder.encode(build), as: UTF8.self)
            + String(decoding: try encoder.encode(identity), as: UTF8.self)
        for key in [
            "configuration", "compiler", "dependencies", "dependencies_source", "executable_sha256", "build_id",
            "library", "bytes",
        ] {
            #expect(text.contains("\"\(key)\""), "the report encodes \(key)")
        }
    }
}
