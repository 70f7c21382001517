import Conformance
import Foundation

/// The conformance report: everything a regulator needs to check and compare a result
/// (Docs/architecture.md, "What a report must carry to be comparable"). Serialized with snake_case keys; the schema
/// is documented in `Reports/README.md`.
public struct ConformanceReport: Codable, Sendable {
    /// Identifies this document format.
    public static let schemaID = "aitc.conformance-report/0.2"

    /// The document format, ``schemaID``.
    public let schema: String
    /// The report's id: suite, device, start time and a random suffix.
    public let reportId: String
    /// When the report was written (UTC, ISO 8601).
    public let createdAt: String
    /// The decision over the mandatory clauses (``Decision``).
    public let decision: Decision
    /// Why the decision is what it is, as a sentence.
    public let decisionReason: String
    /// Whether every planned step ran; an incomplete run is never conformant.
    public let complete: Bool
    /// Why the run is incomplete, when it is.
    public let incompleteReason: String?
    /// The harness that produced the report and how it was built.
    public let harness: HarnessIdentity
    /// The lab that signs the report.
    public let lab: LabSection
    /// The suite that was run, with its digest.
    public let suite: SuiteSection
    /// Every standard file the report was scored against, with its digest.
    public let standards: [StandardSection]
    /// The mode and its run rules, with the rules file's digest.
    public let mode: ModeSection
    /// The device as the driver reached it and as it described itself.
    public let device: DeviceSection
    /// The run's secret randomness, revealed: `scheme`, `secret`, and the `commitment` announced
    /// before the run (SHA-256 of the secret). Every seed of the run derives from it (`RunSeeds`).
    public let randomness: RunSeeds?
    /// The agent's hello (protocol, version, build), when the handshake happened.
    public let agent: AgentHello?
    /// The device clock's offset from the harness clock at the start.
    public let clockAlignment: ClockAlignment?
    /// The energy meters used, or the entry that says there was none.
    public let meters: [MeterSection]
    /// Instruments that watched the run (energy meters, network captures), with their evidence.
    public let instruments: [InstrumentReport]
    /// Everything measured per workload.
    public let workloads: [WorkloadRecord]
    /// One verdict per clause and workload it applies to.
    public let verdicts: [ClauseVerdict]
    /// The pass / fail / inconclusive / not-applicable counts.
    public let summary: VerdictCounts
    /// When the run started (UTC, ISO 8601).
    public let startedAt: String
    /// When the run ended (UTC, ISO 8601).
    public let finishedAt: String
    /// Exactly what the scorer was given (device class, clauses, workloads, measurements,
    /// completeness), so a verifier re-runs the scorer against the standards named by digest
    /// and requires the same verdicts, decision and counts (`aitc verify --trust-root`, step 8).
    public let scoringInput: ScoringInput
    /// Every loss of the device during the run and what followed (reconnection and re-run of the
    /// interrupted workload, or the end of the run); empty when the link held. Absent in reports
    /// from before outages were recorded.
    public var outages: [OutageRecord]? = nil

    /// The report as JSON (snake_case keys, sorted).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
