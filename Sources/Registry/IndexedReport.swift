import Accreditation
import Attestation
import Desk
import Foundation

/// What the registry indexes of an accepted report: who measured what, under which rules, with
/// which outcome and key figures. Read only from a report that passed every verification step.
public struct IndexedReport: Sendable, Hashable, Codable {
    /// One verdict row's key figure.
    public struct Figure: Sendable, Hashable, Codable {
        /// The clause.
        public let clauseID: String
        /// The workload, for per-workload clauses.
        public let workloadID: String?
        /// pass, fail, inconclusive, not-applicable.
        public let verdict: String
        /// The first check's metric, value and unit, when measured.
        public let metric: String?
        /// The first check's measured value, in `unit`.
        public let value: Double?
        /// The unit of the value.
        public let unit: String?

        enum CodingKeys: String, CodingKey {
            case clauseID = "clause_id"
            case workloadID = "workload_id"
            case verdict, metric, value, unit
        }
    }

    /// The report's id, as the report states it.
    public let reportID: String
    /// `manufacturer model`, as the device reported them: the product a reader looks up.
    public let device: String
    /// The device class the report certifies.
    public let deviceClass: String
    /// The suite's id.
    public let suiteID: String
    /// The suite's version.
    public let suiteVersion: String
    /// SHA-256 of the suite file the run used.
    public let suiteSHA256: String
    /// `id@sha256` of each standard file, sorted.
    public let standards: [String]
    /// The name of the lab that signed the report.
    public let lab: String
    /// The id of the key that signed the report.
    public let labKeyID: String
    /// RFC 3339 UTC.
    public let finishedAt: String
    /// The report's decision (`conformant`, `not-conformant`, `inconclusive`, …).
    public let decision: String
    /// The run rules' mode the run used (`quick`, `certification`).
    public let mode: String
    /// Whether the device was emulated (its figures say nothing about real hardware).
    public let emulated: Bool
    /// One key figure per verdict row.
    public let figures: [Figure]
    /// The serial numbers (lowercase hex) of the lab certificate and of the certificates between it
    /// and the trust root, lab first: what a revocation list names.
    public let labCertificateSerials: [String]

    enum CodingKeys: String, CodingKey {
        case reportID = "report_id"
        case device
        case deviceClass = "device_class"
        case suiteID = "suite_id"
        case suiteVersion = "suite_version"
        case suiteSHA256 = "suite_sha256"
        case standards, lab
        case labKeyID = "lab_key_id"
        case finishedAt = "finished_at"
        case decision, mode, emulated, figures
        case labCertificateSerials = "lab_certificate_serials"
    }

    /// Reads the index fields of a report that passed verification.
    public init(_ accredited: AccreditedReport) {
        self.init(
            predicate: accredited.report.predicate, labName: accredited.labName,
            labKeyID: accredited.report.signerKeyID,
            labCertificateSerials: accredited.chain.dropLast().map(CertificateFiles.serialHex))
    }

    /// The index fields of a bundle that passed verification when it was published, read from its
    /// bytes again (entries published before their index was sealed): the report, and the lab
    /// certificate and chain the bundle carries (leaf first; the bundle excludes the root).
    /// - Throws: ``DeskError`` when the bytes are not a bundle.
    init(bundle bytes: Data) throws(DeskError) {
        let document = try ReportDocument.read(bytes: bytes, path: "the stored bundle")
        let bundle: SigstoreBundle
        let key: VerifyingKey
        do {
            bundle = try SigstoreBundle(jsonData: bytes)
            key = try CertificateFiles.verifyingKey(of: bundle.certificates[0])
        } catch let error as AccreditationError {
            throw DeskError("the stored bundle's lab certificate cannot be read: \(error.reason)")
        } catch {
            throw DeskError("the stored bundle's lab certificate holds a key aitc does not sign with")
        }
        self.init(
            predicate: document.predicate, labName: CertificateFiles.commonName(of: bundle.certificates[0]),
            labKeyID: key.keyID, labCertificateSerials: bundle.certificates.map(CertificateFiles.serialHex))
    }

    private init(predicate p: JSONValue, labName: String, labKeyID: String, labCertificateSerials: [String]) {
        func text(_ path: String...) -> String {
            var value: JSONValue? = p
            for key in path { value = value?[key] }
            return value?.stringValue ?? ""
        }
        reportID = text("report_id")
        let manufacturer = text("device", "info", "manufacturer")
        let model = text("device", "info", "model")
        device = [manufacturer, model].filter { !$0.isEmpty }.joined(separator: " ")
        deviceClass = text("suite", "device_class")
        suiteID = text("suite", "id")
        suiteVersion = text("suite", "version")
        suiteSHA256 = text("suite", "sha256")
        standards = (p["standards"]?.arrayValue ?? []).map {
            "\($0["id"]?.stringValue ?? "?")@\($0["sha256"]?.stringValue ?? "?")"
        }.sorted()
        lab = labName
        self.labKeyID = labKeyID
        self.labCertificateSerials = labCertificateSerials
        finishedAt = text("finished_at")
        decision = text("decision")
        mode = text("mode", "name")
        emulated = p["device"]?["emulated"]?.boolValue ?? false
        figures = (p["verdicts"]?.arrayValue ?? []).map { row in
            let check = row["checks"]?.arrayValue?.first
            return Figure(
                clauseID: row["clause_id"]?.stringValue ?? "", workloadID: row["workload_id"]?.stringValue,
                verdict: row["verdict"]?.stringValue ?? "", metric: check?["metric"]?.stringValue,
                value: check?["value"]?.doubleValue, unit: check?["unit"]?.stringValue)
        }
    }
}
