import Conformance
import Foundation

/// Scores a run record against the standards and assembles the report.
public struct ReportBuilder: Sendable {
    /// The standards the record is scored against.
    public let standards: StandardsSet
    /// The run rules the record was measured under (version and digest go into the report).
    public let runRules: RunRules
    /// The harness that writes the report.
    public let harness: HarnessIdentity
    /// The lab that signs it.
    public let lab: LabSection
    /// When set, the report records paths relative to these folders and none of this machine's
    /// absolute paths (``ReportPaths``).
    public var paths: ReportPaths?

    /// A builder for reports of this harness and lab against `standards` and `runRules`.
    public init(standards: StandardsSet, runRules: RunRules, harness: HarnessIdentity, lab: LabSection) {
        self.standards = standards
        self.runRules = runRules
        self.harness = harness
        self.lab = lab
    }

    /// Scores `record` and builds its report. Throws when the suite names a clause no standard defines.
    public func build(_ record: RunRecord, identity: DriverIdentity? = nil) throws -> ConformanceReport {
        let record = paths.map { $0.apply(to: record) } ?? record
        let identity = identity.map { paths?.apply(to: $0) ?? $0 }
        let suite = record.suite
        let deviceClass = suite.deviceClass
        let workloads = suite.workloads.map { ScoredWorkload(id: $0.id, kind: $0.kind) }
        var input = ScoringInput(
            deviceClass: deviceClass,
            clauseIDs: suite.clauses,
            workloads: workloads,
            measurements: MeasurementBuilder().measurements(for: record).map { paths?.apply(to: $0) ?? $0 },
            runComplete: record.complete,
            incompleteReason: record.incompleteReason, suiteID: suite.id)
        input.certifies = record.mode.certifies
        if record.emulated {
            let why =
                "the device is emulated (\(record.device)): an emulator's timing and power say nothing about the real SoC"
            input.inapplicableFamilies = [.latency: why, .energy: why]
        }
        let card = try Scorer().score(input, standards: standards)

        let usedStandards = standards.standards.filter { standard in
            standard.clauses.contains { suite.clauses.contains($0.id) }
        }
        // Every meter an instrument was given, identified or not (a source the agent merely lists
        // did not measure the run and is not a meter here).
        let meters = record.instruments.flatMap { $0.meters ?? [] }
        return ConformanceReport(
            schema: ConformanceReport.schemaID, reportId: Self.reportID(record), createdAt: Self.timestamp(Date()),
            decision: card.decision, decisionReason: card.reason, complete: record.complete,
            incompleteReason: record.incompleteReason, harness: harness, lab: lab,
            suite: SuiteSection(
                id: suite.id, version: suite.version, title: suite.title, sha256: suite.sha256,
                deviceClass: deviceClass.rawValue),
            standards: usedStandards.map {
                StandardSection(id: $0.id, family: $0.family.rawValue, version: $0.version, sha256: $0.sha256)
            },
            mode: ModeSection(
                name: record.mode.name, description: record.mode.description, runRulesVersion: runRules.version,
                runRulesSha256: runRules.sha256, rules: record.mode),
            device: DeviceSection(
                spec: paths?.scrub(record.device.description) ?? record.device.description,
                deviceClass: deviceClass.rawValue, emulated: record.emulated,
                info: record.deviceInfo, driver: identity),
            randomness: record.seeds, agent: record.agent, clockAlignment: record.clockAlignment, meters: meters,
            instruments: record.instruments, workloads: record.workloads,
            verdicts: card.verdicts,
            summary: card.counts,
            startedAt: Self.timestamp(record.startedAt), finishedAt: Self.timestamp(record.finishedAt),
            scoringInput: input,
            outages: record.outages)
    }

    /// `<suite>-<device>-<UTC time>-<random>`: unique, sortable, safe as a file name.
    static func reportID(_ record: RunRecord) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let device = record.device.description.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let random = (0..<3).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "\(record.suite.id)-\(String(device))-\(formatter.string(from: record.startedAt))-\(random)"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
