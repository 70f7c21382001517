import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// The timed run inside the privacy sandbox and on an observed link of its own: a backend honest
/// during the privacy sessions (every sample once per workload, 1080 runs per agent for the two
/// declared digits workloads) that leaks only once it has run more often — in the timed run — is caught by what the timed run's observation saw; the reference
/// backend and an honest noisy one pass. (The emulated device's timed run:
/// PrivacyInstrumentTests.anEmulatedDeviceIsAuditedUnderQemuInTheSameSandbox.)
@Suite(.serialized, .enabled(if: geteuid() == 0, "the sandbox and the observed link need root and ip netns"))
struct TimedRunTests {
    static let timedFailing: Set<String> = [
        "privacy.egress_packets", "privacy.canary_hits_traffic", "privacy.canary_hits_storage",
        "privacy.telemetry_connections",
    ]

    @Test func aBackendThatLeaksOnlyWhenTimedIsCaught() throws {
        let outcome = try certify(fixture: "leak_timed_run", timedRuns: 3000)
        for measurement in outcome.measurements {
            let value = try #require(measurement.value, "\(measurement.metric): \(measurement.reason ?? "")")
            if Self.timedFailing.contains(measurement.metric) {
                #expect(value > 0, "\(measurement.metric): \(measurement.evidence)")
                // The privacy sessions saw nothing: the timed run's observation caught it.
                #expect(measurement.evidence.contains("timed run"), "\(measurement.evidence)")
            } else {
                #expect(value == 0, "\(measurement.metric): \(measurement.evidence)")
            }
        }
        let storage = try #require(outcome.measurement("privacy.canary_hits_storage"))
        #expect(storage.evidence.contains("\(AgentSandbox.home)/.cache/.thumbs"), "\(storage.evidence)")
        #expect(outcome.hits.contains { $0.source == "storage-after-timed-run" && $0.origin.contains("(timed run)") })
        #expect(outcome.reports.first { $0.name == "timed-run-capture" }?.evidenceFiles.isEmpty == false)
    }

    /// The control: the same fixture, honest for more runs than the timed run makes, passes.
    @Test func theSameBackendHonestInTheTimedRunPasses() throws {
        let outcome = try certify(
            fixture: "leak_timed_run", timedRuns: 600, environment: ["AITC_FIXTURE_HONEST_RUNS": "100000"])
        try expectAllZero(outcome)
    }

    @Test func theReferenceBackendPassesWithTheTimedRunObserved() throws {
        let outcome = try certify(fixture: nil, timedRuns: 600)
        try expectAllZero(outcome)
        let egress = try #require(outcome.measurement("privacy.egress_packets"))
        #expect(egress.evidence.contains("frames the device sent during the timed run: 0"), "\(egress.evidence)")
    }

    /// Honest but noisy: name lookups (glibc probes the nscd socket), netlink, a Unix socket pair
    /// and a Unix socket of its own in its /tmp, an abstract socket, temporary files — none of it
    /// leaves the sandbox or keeps inputs, so every clause passes, timed run included.
    @Test func anHonestNoisyBackendPasses() throws {
        let outcome = try certify(fixture: "noisy_honest", timedRuns: 600)
        try expectAllZero(outcome)
    }

    /// A repository cloned under `/tmp`, which the sandbox hides: the timed run's agent gets each
    /// workload file (models, samples) bound on its own, read-only — the run loads them and every
    /// clause passes — and a file beside them stays invisible (the timed run bound whole folders
    /// before). Its working folder is the sandbox's `/`.
    @Test func theTimedRunOfASuiteUnderTmpSeesItsFilesAndNothingBeside() throws {
        let copy = try SuiteCopyUnderTmp()
        defer { copy.remove() }
        let model = try copy.model("digits-cnn-fp32")
        let outcome = try certify(
            fixture: "sandbox_probe", timedRuns: 600, suite: copy.suite,
            environment: ["AITC_FIXTURE_HOST_MARKER": copy.beside, "AITC_FIXTURE_BOUND_FILE": model]
        ) { out in
            let timed = try #require(
                try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix("-timed") })
            let (probe, fields) = try PrivacyAuditTests.probe("\(out)/\(timed)/timed-sandbox")
            #expect(fields["bound_file_readable"] == "1", "\(probe)")
            #expect(fields["bound_file_read_only"] == "1", "\(probe)")
            #expect(fields["host_marker_visible"] == "0", "the file beside the models: \(probe)")
            #expect(fields["cwd"] == "/", "\(probe)")
        }
        try expectAllZero(outcome)
    }

    private func expectAllZero(_ outcome: PrivacyOutcome) throws {
        for measurement in outcome.measurements {
            let value = try #require(measurement.value, "\(measurement.metric): \(measurement.reason ?? "")")
            #expect(value == 0, "\(measurement.metric): \(measurement.evidence)")
        }
    }

    /// The privacy instrument as a certification uses it: it starts the timed session's agent
    /// (`drive`), the session runs `timedRuns` inferences of digits-cnn-fp32, then `runFinished`
    /// runs the privacy sessions and judges both; `inspect` sees the run's output folder first.
    private func certify(
        fixture: String?, timedRuns: Int, suite given: Suite? = nil, environment: [String: String] = [:],
        inspect: (String) throws -> Void = { _ in }
    ) throws -> PrivacyOutcome {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let suite = try given ?? SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let backend = try fixture.map { try FixtureBackend.build($0, in: folder.path) } ?? "reference"
        var settings = PrivacySettings(
            enabled: true, declaration: nil, devicesDirectory: "\(ProjectRoot.path)/Suites/devices", out: folder.path,
            outputTolerance: 1e-5)
        settings.agentEnvironment = { endpoints in
            ["AITC_FIXTURE_SINK": "\(endpoints.sinkAddress):\(endpoints.sinkPort)", "AITC_FIXTURE_SANDBOXED": "1"]
                .merging(environment) { $1 }
        }
        let instrument = PrivacyInstrument(
            settings: settings, device: .local, suite: suite, configuration: RunConfiguration(backend: backend),
            logger: Logger(label: "timed-test"))
        let driven = instrument.drive(LocalDriver(agentPath: try AgentLocator.hostAgent()))
        try Self.timedSession(driven, suite: suite, backend: backend, runs: timedRuns)
        instrument.runFinished(complete: true)
        let measurements = instrument.measurements()
        #expect(measurements.map(\.metric) == PrivacyOutcome.metrics)
        // The evidence files are the captures themselves, digests as reported.
        for file in instrument.reports().flatMap(\.evidenceFiles) {
            #expect(FileDigest.sha256(file: file.path) == file.sha256, "\(file.path)")
        }
        try inspect(folder.path)
        return PrivacyOutcome(measurements: measurements, reports: instrument.reports(), hits: instrument.hits())
    }

    /// A timed session as the run makes one: digits-cnn-fp32, its real samples, `runs` inferences.
    static func timedSession(_ driver: any DeviceDriver, suite: Suite, backend: String, runs: Int) throws {
        let workload = try #require(suite.workloads.first { $0.id == "digits-cnn-fp32" })
        let client = AgentClient(transport: try driver.connect())
        defer { client.bye() }
        _ = try client.hello()
        let library = try StagedBackend.stage(backend, on: driver)
        _ = try client.loadModel(
            handle: "m", path: try driver.stage(workload.model), sha256: workload.model.sha256, backend: library.path,
            accelerator: "cpu",
            threads: 1, backendSHA256: library.sha256)
        var staged: [String: FileReference] = [:]
        for (name, file) in workload.inputs {
            staged[name] = FileReference(path: try driver.stage(file), sha256: file.sha256)
        }
        let samples = try client.loadSamples(handle: "s", model: "m", inputs: staged)
        var done = 0
        while done < runs {
            let queries = (0..<min(256, runs - done)).map { (done + $0) % samples.count }
            _ = try client.run(RunRequest(model: "m", samples: "s", queries: queries), timeout: 300)
            done += queries.count
        }
    }
}
