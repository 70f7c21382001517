import Conformance
import Foundation

/// The conformance report: everything a regulator needs to check and compare a result
/// (Docs/architecture.md, "What a report must carry to be comparable"). Serialized with snake_case keys; the schema
/// is documented in `Reports/README.md`.
public struct ConformanceReport: Codable, Sendable {
    /// Identifies this document format.
    public static let schemaID = "aitc.conformance-report/0.2"

    public let schema: String
    public let reportId: String
    public let createdAt: String
    public let decision: Decision
    public let decisionReason: String
    /// Whether every planned step ran; an incomplete run is never conformant.
    public let complete: Bool
    public let incompleteReason: String?
    public let harness: HarnessIdentity
    public let lab: LabSection
    public let suite: SuiteSection
    public let standards: [StandardSection]
    public let mode: ModeSection
    public let device: DeviceSection
    /// The run's secret randomness, revealed: `scheme`, `secret`, and the `commitment` announced
    /// before the run (SHA-256 of the secret). Every seed of the run derives from it (`RunSeeds`).
    public let randomness: RunSeeds?
    public let agent: AgentHello?
    public let clockAlignment: ClockAlignment?
    public let meters: [MeterSection]
    /// Instruments that watched the run (energy meters, network captures), with their evidence.
    public let instruments: [InstrumentReport]
    public let workloads: [WorkloadRecord]
    public let verdicts: [ClauseVerdict]
    public let summary: VerdictCounts
    public let startedAt: String
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
