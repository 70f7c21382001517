import Accreditation
import Attestation
import Foundation
import X509

/// A report read for display from a bundle (`.sigstore.json`), an envelope (`.dsse.json`) or a
/// report file, with the strict parser. Reading is not verifying: `aitc verify` is.
public struct ReportDocument: Sendable {
    /// The report (the statement's predicate).
    public let predicate: JSONValue
    /// The file it came from.
    public let path: String
    /// The signer and chain (common names, leaf first) when read from a bundle.
    public let chain: [String]
    /// How a comparison heads its column: `device spec (lab)` unless the reader names it (the
    /// registry: `device — lab #entry`).
    public var title: String { heading ?? "\(text("device", "spec")) (\(text("lab", "name")))" }
    private let heading: String?

    /// Creates a document.
    public init(predicate: JSONValue, path: String, chain: [String] = [], title: String? = nil) {
        self.predicate = predicate
        self.path = path
        self.chain = chain
        self.heading = title
    }

    /// The same document under another column heading.
    public func titled(_ title: String) -> ReportDocument {
        ReportDocument(predicate: predicate, path: path, chain: chain, title: title)
    }

    /// Reads `path`.
    public static func load(path: String) throws(DeskError) -> ReportDocument {
        let limits = VerificationLimits.standard
        let bytes: Data
        do {
            bytes = try BoundedFile.read(path: path, limit: limits.maximumFileBytes, what: "report")
        } catch {
            throw DeskError("\(path): \(error.reason)")
        }
        return try read(bytes: bytes, path: path)
    }

    /// Reads a bundle, envelope or report from its bytes; `path` names it in messages.
    public static func read(bytes: Data, path: String) throws(DeskError) -> ReportDocument {
        let limits = VerificationLimits.standard
        do {
            let json = try JSONValue(data: bytes, maximumDepth: limits.maximumDepth)
            if json["mediaType"] != nil {
                let bundle = try SigstoreBundle(jsonValue: json, limits: limits)
                let statement = try JSONValue(
                    data: try bundle.envelope.decodedPayload(), maximumDepth: limits.maximumDepth)
                return ReportDocument(
                    predicate: statement["predicate"] ?? .null, path: path,
                    chain: bundle.certificates.map(CertificateFiles.commonName(of:)))
            }
            if json["payloadType"] != nil {
                let envelope = try DSSEEnvelope(jsonValue: json, limits: limits)
                let statement = try JSONValue(data: try envelope.decodedPayload(), maximumDepth: limits.maximumDepth)
                return ReportDocument(predicate: statement["predicate"] ?? .null, path: path)
            }
            return ReportDocument(predicate: json, path: path)
        } catch let error as AttestationError {
            throw DeskError("\(path): \(error.reason)")
        } catch let error as AccreditationError {
            throw DeskError("\(path): \(error.reason)")
        } catch {
            throw DeskError("\(path): \(error)")
        }
    }

    /// The verdict rows, in report order.
    public var rows: [VerdictRow] {
        (predicate["verdicts"]?.arrayValue ?? []).map(VerdictRow.init(json:))
    }

    /// The expanded uncertainty the scorer was given for `metric` of `workload` (nil for a
    /// device-wide figure), in the figure's unit; nil when none was stated.
    public func uncertainty(metric: String, workload: String?) -> Double? {
        let measurements = predicate["scoring_input"]?["measurements"]?.arrayValue ?? []
        let match = measurements.first {
            $0["metric"]?.stringValue == metric && $0["workload_id"]?.stringValue == workload
                && $0["value"]?.doubleValue != nil
        }
        return match?["uncertainty"]?.doubleValue
    }

    /// A member of the report as text, e.g. `text("suite", "id")`.
    public func text(_ path: String...) -> String {
        var value: JSONValue? = predicate
        for key in path { value = value?[key] }
        return value?.stringValue ?? "-"
    }
}
