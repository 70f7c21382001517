import Accreditation
import ArgumentParser
import Attestation
import Conformance
import Foundation

/// `aitc ca revoke`.
struct CARevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a lab certificate: adds it to PREFIX.revocations.json, the list signed by the root.")

    @Option(help: "The root's path prefix.")
    var ca: String

    @Option(help: "The lab certificate to revoke (PEM).")
    var cert: String

    @Option(
        help:
            "keyCompromise (rejects everything the key signed), superseded, affiliationChanged or cessationOfOperation."
    )
    var reason: String

    @Option(help: "When the revocation takes effect (RFC 3339); default now.")
    var at: String?

    func run() throws {
        guard let why = RevocationReason(rawValue: reason) else {
            throw ValidationError(
                "unknown --reason \(reason); use one of \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let when: Date
        if let at {
            guard let parsed = ISO8601DateFormatter().date(from: at) else {
                throw ValidationError("--at \(at) is not an RFC 3339 time such as 2026-12-05T08:00:00Z")
            }
            when = parsed
        } else {
            when = Date()
        }
        let root = try setup { try CertificateAuthority(prefix: ca) }
        let certificates = try setup { try CertificateFiles.load(path: cert) }
        let lab = certificates[0]
        guard lab.issuer == root.certificate.subject else {
            throw ValidationError("\(cert) was not issued by the root \(ca).crt")
        }
        let listPath = ca + ".revocations.json"
        var entries: [RevocationEntry] = []
        if FileManager.default.fileExists(atPath: listPath) {
            let bytes = try setup {
                try BoundedFile.read(
                    path: listPath, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list")
            }
            entries = try setup { try RevocationList(envelope: bytes, root: root.key.publicKey) }.entries
        }
        let serial = CertificateFiles.serialHex(lab)
        entries.removeAll { $0.serial == serial }
        entries.append(
            RevocationEntry(serial: serial, subject: CertificateFiles.commonName(of: lab), reason: why, revokedAt: when)
        )
        let list = RevocationList(issuerKeyID: root.key.publicKey.keyID, issuedAt: Date(), entries: entries)
        let envelope = try setup { try list.signed(by: root.key) }
        try setup { try envelope.jsonData().write(to: URL(fileURLWithPath: listPath), options: .atomic) }
        print(
            "revoked:          \(CertificateFiles.commonName(of: lab)) (serial \(serial)), \(why.rawValue), from \(when)"
        )
        print(
            "revocation list:  \(listPath) (\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), signed by the root)"
        )
    }
}
