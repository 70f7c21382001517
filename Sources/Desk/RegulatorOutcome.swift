import Accreditation
import Attestation

/// The result of the eight steps on one bundle.
public struct RegulatorOutcome: Sendable {
    /// The steps that ran, in order, ending with the failed one if any.
    public let steps: [StepOutcome]
    /// The step that failed, if any.
    public let failure: StepFailure?
    /// The accredited report, when every step passed.
    public let report: AccreditedReport?

    /// Creates an outcome.
    public init(steps: [StepOutcome], failure: StepFailure?, report: AccreditedReport?) {
        self.steps = steps
        self.failure = failure
        self.report = report
    }

    /// Whether the bundle passed every step.
    public var accepted: Bool { failure == nil }

    /// The outcome as JSON for tools (`aitc verify --json`).
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "accepted": .bool(accepted),
            "steps": .array(
                steps.map {
                    .object([
                        "step": .integer(Int64($0.step.rawValue)), "name": .string($0.step.name),
                        "title": .string($0.step.title),
                        "status": .string($0.status.rawValue), "message": .string($0.message),
                    ])
                }),
        ]
        if let failure {
            members["failed_step"] = .integer(Int64(failure.step.rawValue))
            members["failed_step_name"] = .string(failure.step.name)
            members["reason"] = .string(failure.reason)
        }
        if let report {
            let predicate = report.report.predicate
            members["report_id"] = predicate["report_id"] ?? .null
            members["decision"] = predicate["decision"] ?? .null
            members["lab"] = .string(report.labName)
            members["device_class"] = predicate["suite"]?["device_class"] ?? .null
        }
        return .object(members)
    }
}
