import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// The privacy audit as the run's instrument: it runs after the session with the configuration
/// that was certified, and says why when it does not run.
@Suite(.serialized) struct PrivacyInstrumentTests {
    static func settings(enabled: Bool = true, out: String) -> PrivacySettings {
        PrivacySettings(
            enabled: enabled, declaration: nil, devicesDirectory: "\(ProjectRoot.path)/Suites/devices", out: out,
            outputTolerance: 1e-5)
    }

    @Test func saysWhyItDidNotRun() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let off = PrivacyInstrument(
            settings: Self.settings(enabled: false, out: folder.path), device: .local, suite: suite,
            configuration: .reference, logger: Logger(label: "t"))
        off.runFinished(complete: true)
        #expect(off.measurements().allSatisfy { $0.value == nil && $0.reason?.contains("--privacy off") == true })
        let incomplete = PrivacyInstrument(
            settings: Self.settings(out: folder.path), device: .local, suite: suite, configuration: .reference,
            logger: Logger(label: "t"))
        incomplete.runFinished(complete: false)
        #expect(
            incomplete.measurements().allSatisfy { $0.value == nil && $0.reason?.contains("did not complete") == true })
    }

    /// An emulated device is audited like the local one: its cross-built agent runs under qemu-user
    /// in the same network namespace and sandbox, so every PRV figure is measured (they used to be
    /// absent with a reason about a lab gateway that does not apply to it).
    @Test func anEmulatedDeviceIsAuditedUnderQemuInTheSameSandbox() throws {
        #expect(Self.settings(out: "/tmp").absenceReason(on: .qemu(arch: "aarch64")) == nil)
        #expect(Self.settings(out: "/tmp").absenceReason(on: .adb(serial: "x"))?.contains("lab gateway") == true)
        let fm = FileManager.default
        guard geteuid() == 0, fm.isExecutableFile(atPath: "/usr/bin/qemu-aarch64"),
            fm.isExecutableFile(atPath: "/usr/bin/aarch64-linux-gnu-gcc")
        else { return }
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let instrument = PrivacyInstrument(
            settings: Self.settings(out: folder.path), device: .qemu(arch: "aarch64"), suite: suite,
            configuration: .reference,
            logger: Logger(label: "t"))
        // The timed run's agent too runs under qemu-user in the sandbox, on its own observed link.
        let driver = instrument.drive(
            try QemuDriver.prepare(QemuArchitecture.named("aarch64")!, root: ProjectRoot.path))
        try TimedRunTests.timedSession(driver, suite: suite, backend: "reference", runs: 200)
        instrument.runFinished(complete: true)
        let egress = try #require(instrument.measurements().first { $0.metric == MetricName.privacyEgressPackets })
        #expect(egress.value == 0 && egress.evidence.contains("timed run (sandboxed"), "\(egress.evidence)")
        for metric in MetricName.privacy {
            let figure = try #require(instrument.measurements().first { $0.metric == metric })
            #expect(figure.value != nil, "\(metric): \(figure.reason ?? figure.evidence)")
        }
        #expect(
            instrument.reports().flatMap(\.notes).contains {
                $0.contains("ran under /usr/bin/qemu-aarch64") && $0.contains("same namespace and sandbox")
            })
    }

    /// The audit loads the models with the certified accelerator and threads (it used to hard-code
    /// cpu and one thread): an accelerator the reference backend does not have makes its passes fail.
    @Test func runsTheCertifiedConfiguration() throws {
        guard geteuid() == 0 else { return }
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        for (accelerator, runs) in [("cpu", true), ("no-such-unit", false)] {
            let instrument = PrivacyInstrument(
                settings: Self.settings(out: folder.path), device: .local, suite: suite,
                configuration: RunConfiguration(backend: "reference", accelerator: accelerator, threads: 2),
                logger: Logger(label: "t"))
            instrument.runFinished(complete: true)
            let offline = try #require(instrument.measurements().first { $0.metric == "privacy.offline_mismatches" })
            #expect((offline.value != nil) == runs, "\(accelerator): \(offline.reason ?? offline.evidence)")
            #expect(instrument.reports().contains { $0.kind == "network-capture" })
        }
    }
}
