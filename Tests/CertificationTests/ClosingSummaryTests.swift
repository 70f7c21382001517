import Certification
import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// The closing summary printed after a certification, against golden files.
@Suite("ClosingSummary: counts and what to do, as LoadGen's summary")
struct ClosingSummaryTests {
    static func report(_ change: (inout RunRecord) -> Void, device: DeviceSpec = .local) throws -> ConformanceReport {
        let layout = ProjectRoot.layout
        let suite = try SuiteLoader(suitesDirectory: layout.suitesDirectory).load("smartphone")
        let rules = try RunRules.load(path: layout.runRulesPath)
        let standards = try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [layout.standardsDirectory])
        var record = RunRecord(suite: suite, mode: try rules.mode("quick"), device: device, emulated: false)
        change(&record)
        let builder = ReportBuilder(
            standards: standards, runRules: rules,
            harness: HarnessIdentity(name: "aitc", version: "0.1.0", commit: "unknown", dirty: nil),
            lab: LabSection(name: "golden", keyId: "k"))
        return try builder.build(record)
    }

    @Test("a complete run without meter and privacy audit: counts, and a remedy per inconclusive mandatory clause")
    func golden() throws {
        let complete = try Self.report { record in
            record.complete = true
            record.privacyNotRunReason = "the privacy audit was turned off (--privacy off)"
            record.instrumentMeasurements = ["energy.standby_power", "energy.ai_standby_increment"].map {
                Measurement(
                    metric: $0, value: nil, unit: "W", valid: false,
                    reason: "no energy meter was given (--meter scpi://…, ptd://… or device:NAME)")
            }
        }
        let lost = try Self.report(
            { record in record.incompleteReason = "device lost during the handshake: connection reset" },
            device: .tcp(host: "127.0.0.1", port: 7000))
        let summary = ClosingSummary([
            DeviceCertification(
                device: .local, report: complete, reportPath: "OUT/a.report.json", envelopePath: "OUT/a.dsse.json"),
            DeviceCertification(
                device: .tcp(host: "127.0.0.1", port: 7000), report: lost, reportPath: "OUT/b.report.json",
                envelopePath: "OUT/b.dsse.json"),
        ])
        let actual = summary.lines().joined(separator: "\n") + "\n"
        #expect(actual == (try Golden.expected("closing-summary", actual: actual)))
        let counts = complete.summary
        #expect(actual.contains("\(counts.pass) pass, \(counts.fail) fail, \(counts.inconclusive) inconclusive"))
    }
}
