import Conformance
import Foundation

/// Keeps the harness machine's absolute paths out of a report: a path inside one of `folders` (the
/// output folder, the suites folder, the checkout) is recorded relative to the first that holds it;
/// a path outside all of them by its file name alone. Free text (reasons, notes, the device spec)
/// loses every `folder/` prefix.
public struct ReportPaths: Sendable, Equatable {
    /// Absolute folders without a trailing `/`, each also in its symlink-resolved spelling, longest first.
    public let folders: [String]

    /// `folders` in order of preference; a relative one is taken from the current directory.
    public init(folders: [String]) {
        var spelled: [String] = []
        let here = FileManager.default.currentDirectoryPath
        for folder in folders where !folder.isEmpty {
            let absolute = folder.hasPrefix("/") ? folder : (here as NSString).appendingPathComponent(folder)
            let standard = (absolute as NSString).standardizingPath
            for form in [standard, (standard as NSString).resolvingSymlinksInPath]
            where form != "/" && !spelled.contains(form) {
                spelled.append(form)
            }
        }
        self.folders = spelled
    }

    /// `path` relative to the first folder holding it; outside every folder, its last component;
    /// a relative path as it is.
    public func relative(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let standard = (path as NSString).standardizingPath
        for folder in folders where standard.hasPrefix(folder + "/") {
            return String(standard.dropFirst(folder.count + 1))
        }
        return (standard as NSString).lastPathComponent
    }

    /// `text` with every `folder/` removed (longest folders first, so a nested folder wins).
    public func scrub(_ text: String) -> String {
        var out = text
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: folder + "/", with: "")
        }
        return out
    }

    /// `text` scrubbed, `nil` kept.
    public func scrub(_ text: String?) -> String? { text.map { scrub($0) } }

    /// The file reference with its path made relative.
    public func relative(_ file: AssetFile) -> AssetFile {
        AssetFile(path: relative(file.path), sha256: file.sha256)
    }

    /// The record with every path relative and every reason scrubbed.
    public func apply(to record: RunRecord) -> RunRecord {
        var record = record
        record.incompleteReason = scrub(record.incompleteReason)
        record.privacyNotRunReason = scrub(record.privacyNotRunReason)
        record.workloads = record.workloads.map { workload in
            var workload = workload
            workload.model = relative(workload.model)
            workload.inputs = workload.inputs.mapValues { relative($0) }
            workload.quality = QualitySpec(
                gates: workload.quality.gates.map {
                    QualityGate(metric: $0.metric, target: $0.target, reference: relative($0.reference))
                })
            if let path = workload.backend?.library?.path { workload.backend?.library?.path = relative(path) }
            return workload
        }
        record.instruments = record.instruments.map { instrument in
            InstrumentReport(
                name: instrument.name, kind: instrument.kind, identity: instrument.identity.mapValues { scrub($0) },
                uncertainty: instrument.uncertainty, evidenceFiles: instrument.evidenceFiles.map { relative($0) },
                notes: instrument.notes.map { scrub($0) },
                meters: instrument.meters?.map { meter in
                    MeterSection(
                        name: meter.name, kind: meter.kind, uncertainty: meter.uncertainty, model: scrub(meter.model),
                        unusable: scrub(meter.unusable))
                })
        }
        record.instrumentMeasurements = record.instrumentMeasurements.map { apply(to: $0) }
        return record
    }

    /// The measurement with its evidence and reasons scrubbed; its uncertainty is kept (a
    /// guard-band clause decides with it).
    public func apply(to m: Conformance.Measurement) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: m.metric, workloadID: m.workloadID, workloadKind: m.workloadKind, scenario: m.scenario,
            value: m.value,
            unit: m.unit, valid: m.valid, evidence: scrub(m.evidence), reason: scrub(m.reason),
            uncertainty: m.uncertainty,
            uncertaintyMissing: scrub(m.uncertaintyMissing))
    }

    /// The driver's identity with the agent's path relative and the spec scrubbed.
    public func apply(to identity: DriverIdentity) -> DriverIdentity {
        var identity = identity
        identity.spec = scrub(identity.spec)
        identity.agentBinary = identity.agentBinary.map { relative($0) }
        return identity
    }
}
