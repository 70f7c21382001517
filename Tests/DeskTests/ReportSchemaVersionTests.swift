import Accreditation
import Attestation
import Crypto
import Desk
import Foundation
import Harness
import TestSupport
import Testing

/// The report schema version policy (Reports/ACCREDITATION.md, "Report schema versions"):
/// released versions never change, the verifier checks a report against the version it names,
/// and step 8 asks every version for the same evidence.
@Suite("Report schema versions", .serialized)
struct ReportSchemaVersionTests {
    /// SHA-256 of every released version's published text. A released schema is never edited:
    /// a change is a new version (add it to `ReportSchema.versions` and pin it here).
    static let released: [String: String] = [
        "0.1": "e2f368370c0a2a76e33390b6036286637f60958518c14201db1d28b6593c154b",
        "0.2": "0a165fa228fd011bb0484341c24d53c26ef9b57e7c95a08fd91815de1fdf7d4a",
    ]

    @Test("published files are the built-in texts, released versions are frozen, the harness writes the current one")
    func frozen() throws {
        #expect(Set(ReportSchema.versions) == Set(Self.released.keys))
        #expect(ReportSchema.versions.last == ReportSchema.currentVersion)
        #expect(ConformanceReport.schemaID == ReportSchema.identifier(version: ReportSchema.currentVersion))
        for version in ReportSchema.versions {
            let text = try #require(ReportSchema.text(version: version))
            let path = ProjectRoot.path + "/Reports/schemas/conformance-report-\(version).json"
            let published = try String(contentsOfFile: path, encoding: .utf8)
            #expect(published == text + "\n", "\(path) differs from the built-in schema \(version)")
            let digest = SHA256.hash(data: Data(published.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(
                digest == Self.released[version],
                "schema \(version) was edited after release; released schemas never change — add a new version instead")
            let document = try JSONValue(data: Data(text.utf8))
            #expect(
                document["properties"]?["schema"]?["const"]?.stringValue == ReportSchema.identifier(version: version))
            _ = try ReportSchema.schema(version: version)
        }
        let current = try String(contentsOfFile: ProjectRoot.path + "/Reports/report.schema.json", encoding: .utf8)
        #expect(current == ReportSchema.text + "\n")
    }

    /// `signed`'s report with `change` applied, re-signed by its lab, through the eight steps.
    static func verify(
        _ signed: RealReports.Signed, fixture: RealReports.Fixture, _ change: (inout [String: JSONValue]) -> Void
    )
        async throws -> RegulatorOutcome
    {
        var report = try JSONValue(data: signed.report).objectValue!
        change(&report)
        let bundle = try RealReports.resigned(.object(report), lab: signed.lab, fixture: fixture)
        return await RegulatorVerifierTests.verifier(fixture: fixture).verify(bundle: bundle)
    }

    /// Applies `change` to every scenario of every workload of `report`.
    static func editScenarios(_ report: inout [String: JSONValue], _ change: (inout [String: JSONValue]) -> Void) {
        report["workloads"] = .array(
            (report["workloads"]?.arrayValue ?? []).map { workload in
                var members = workload.objectValue ?? [:]
                members["scenarios"] = .array(
                    (members["scenarios"]?.arrayValue ?? []).map { scenario in
                        var result = scenario.objectValue ?? [:]
                        change(&result)
                        return .object(result)
                    })
                return .object(members)
            })
    }

    /// Removes every latency histogram (what reports written before issue #14 lacked).
    static func dropHistograms(_ report: inout [String: JSONValue]) {
        editScenarios(&report) { $0.removeValue(forKey: "latency_histogram") }
    }

    @Test(
        "each version is checked against its own schema; unknown versions and missing evidence are refused with the reason"
    )
    func policy() async throws {
        let fixture = try RealReports.fixture.get()
        let signed = fixture.signed[0]
        let current = try await Self.verify(signed, fixture: fixture) { _ in }
        #expect(current.accepted, "\(current.failure?.description ?? "")")
        #expect(
            current.steps.first { $0.step == .schema }?.message.contains("report schema \(ReportSchema.currentVersion)")
                == true)

        // A 0.1 report that carries the histograms (written between issue #14 and the 0.2 release) still verifies.
        let older = try await Self.verify(signed, fixture: fixture) {
            $0["schema"] = .string(ReportSchema.identifier(version: "0.1"))
        }
        #expect(older.accepted, "\(older.failure?.description ?? "")")
        #expect(older.steps.first { $0.step == .schema }?.message.contains("report schema 0.1") == true)

        // A 0.1 report without histograms follows its schema but cannot be re-derived: step 8 says why.
        let noEvidence = try await Self.verify(signed, fixture: fixture) {
            $0["schema"] = .string(ReportSchema.identifier(version: "0.1"))
            Self.dropHistograms(&$0)
        }
        #expect(noEvidence.failure?.step == .rederivation, "\(noEvidence.failure?.description ?? "accepted")")
        #expect(noEvidence.failure?.reason.contains("no latency_histogram") == true)

        // 0.2 types the histogram: a coarse one is refused already at step 7.
        let coarse = try await Self.verify(signed, fixture: fixture) { report in
            Self.editScenarios(&report) { result in
                if var histogram = result["latency_histogram"]?.objectValue {
                    histogram["significant_bits"] = .integer(2)
                    result["latency_histogram"] = .object(histogram)
                }
            }
        }
        #expect(coarse.failure?.step == .schema, "\(coarse.failure?.description ?? "accepted")")
        #expect(coarse.failure?.reason.contains("significant_bits") == true, "\(coarse.failure?.reason ?? "")")

        // A version from the future, and a schema id that is not aitc's.
        let future = try await Self.verify(signed, fixture: fixture) {
            $0["schema"] = .string("aitc.conformance-report/9.0")
        }
        #expect(future.failure?.step == .schema)
        #expect(future.failure?.reason.contains("does not know") == true, "\(future.failure?.reason ?? "")")
        let foreign = try await Self.verify(signed, fixture: fixture) { $0["schema"] = .string("acme.report/1") }
        #expect(foreign.failure?.step == .schema)
        #expect(foreign.failure?.reason.contains("not an aitc report schema id") == true)

        // A report from a development build before 0.1 was frozen (no reported_only count): step 7, naming the version.
        let development = try await Self.verify(signed, fixture: fixture) { report in
            report["schema"] = .string(ReportSchema.identifier(version: "0.1"))
            var summary = report["summary"]?.objectValue ?? [:]
            summary.removeValue(forKey: "reported_only")
            report["summary"] = .object(summary)
        }
        #expect(development.failure?.step == .schema)
        #expect(development.failure?.reason.contains("report schema 0.1") == true)
        #expect(development.failure?.reason.contains("reported_only") == true, "\(development.failure?.reason ?? "")")
    }
}
