@testable import Conformance

/// Builders for scorer tests: small standards sets made in code, not from files.
enum ScoringFixtures {
    static func requirement(
        _ metric: String = "single_stream.p90_latency", unit: String = "ms",
        _ comparison: Comparison = .lessThanOrEqual,
        smartphone bound: Double? = 10
    ) -> Requirement {
        Requirement(
            metric: metric, unit: unit, comparison: comparison, thresholds: bound.map { [.smartphone: $0] } ?? [:])
    }

    static func clause(
        _ id: String, level: RequirementLevel = .mandatory, classes: [DeviceClass] = [.smartphone, .pc],
        kinds: [WorkloadKind]? = [.visionMobile], requirements: [Requirement] = [requirement()]
    ) -> Clause {
        Clause(
            id: id, title: "clause \(id)", level: level,
            appliesTo: Applicability(deviceClasses: classes, workloadKinds: kinds), requirements: requirements,
            method: "test", source: "proposed", line: 1)
    }

    /// The quality gate clause: `quality.target_ratio >= 1` for smartphones, on vision-mobile.
    static let qualityGate = clause(
        "QUA-01", kinds: [.visionMobile],
        requirements: [requirement("quality.target_ratio", unit: "ratio", .greaterThanOrEqual, smartphone: 1)])

    static func standards(_ latency: [Clause], quality: [Clause] = [qualityGate]) -> StandardsSet {
        StandardsSet([
            Standard(
                id: "t-latency", family: .latency, version: "0.1.0", title: "t", clauses: latency, sourcePath: "l.yaml",
                sha256: ""),
            Standard(
                id: "t-quality", family: .quality, version: "0.1.0", title: "t", clauses: quality, sourcePath: "q.yaml",
                sha256: ""),
        ])
    }

    static let workload = ScoredWorkload(id: "w1", kind: .visionMobile)

    static func latency(
        _ value: Double?, workload: String? = "w1", valid: Bool = true, reason: String? = nil
    )
        -> Measurement
    {
        Measurement(
            metric: "single_stream.p90_latency", workloadID: workload, workloadKind: .visionMobile,
            scenario: "single-stream", value: value, unit: "ms", valid: valid, evidence: "log:\(workload ?? "device")",
            reason: reason)
    }

    static func quality(_ ratio: Double, workload: String = "w1") -> Measurement {
        Measurement(metric: "quality.target_ratio", workloadID: workload, value: ratio, unit: "ratio")
    }

    static func input(
        _ clauseIDs: [String], _ measurements: [Measurement], deviceClass: DeviceClass = .smartphone,
        workloads: [ScoredWorkload] = [workload], runComplete: Bool = true, incompleteReason: String? = nil
    ) -> ScoringInput {
        ScoringInput(
            deviceClass: deviceClass, clauseIDs: clauseIDs, workloads: workloads, measurements: measurements,
            runComplete: runComplete, incompleteReason: incompleteReason, suiteID: "test-suite")
    }

    static func score(_ input: ScoringInput, _ standards: StandardsSet) throws -> Scorecard {
        try Scorer().score(input, standards: standards)
    }
}
