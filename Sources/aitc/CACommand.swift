import Accreditation
import ArgumentParser
import Attestation
import Conformance
import Foundation

/// `aitc ca`: an accreditation body's root, lab certificates and revocation list.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Accreditation root: create it, issue lab certificates with a scope, revoke them (Reports/ACCREDITATION.md).",
        subcommands: [CAInit.self, CAIssueLab.self, CARevoke.self])
}

/// `aitc ca init`.
struct CAInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an accreditation root: PREFIX.key (0600), PREFIX.pub and PREFIX.crt (Ed25519 or P-256).")

    @Option(help: "The root's name (certificate common name).")
    var name: String

    @Option(help: "Path prefix of the files to write; existing files are never overwritten.")
    var out: String

    @Option(help: "Validity of the root certificate, in days.")
    var validDays: Int = 3650

    @Option(help: "The root key's algorithm: ed25519 or p256 (ECDSA P-256).")
    var algorithm: KeyAlgorithm = .ed25519

    func validate() throws {
        guard validDays >= 1 else { throw ValidationError("--valid-days must be at least 1") }
    }

    func run() throws {
        let root = try setup { try CertificateAuthority.initialize(name: name, prefix: out, validDays: validDays, algorithm: algorithm) }
        print("root:        \(out).crt (\(CertificateFiles.commonName(of: root.certificate)), until \(root.certificate.notValidAfter))")
        print("private key: \(out).key (mode 0600; keep it offline)")
        print("key id:      \(root.key.publicKey.keyID) (\(root.key.algorithm.displayName))")
    }
}

/// `aitc ca issue-lab`.
struct CAIssueLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue-lab", abstract: "Issue a lab certificate whose scope names device classes and standard families.")

    @Option(help: "The root's path prefix (as given to `aitc ca init --out`).")
    var ca: String

    @Option(help: "The lab's public key (PEM, Ed25519 or P-256, from `aitc keys generate`).")
    var labKey: String

    @Option(help: "The lab's name; reports it signs must name it in lab.name.")
    var name: String

    @Option(help: "Device classes the lab is accredited for, comma-separated (e.g. smartphone,pc).")
    var deviceClasses: String

    @Option(help: "Standard families the lab is accredited for, comma-separated (latency,energy,privacy,quality).")
    var families: String

    @Option(help: "Validity in days (never beyond the root's).")
    var validDays: Int = 365

    @Option(help: "Where to write the lab certificate (PEM); never overwritten.")
    var out: String

    func run() throws {
        let classes = deviceClasses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in classes where DeviceClass(rawValue: name) == nil {
            throw ValidationError("unknown device class \"\(name)\"; known: \(DeviceClass.known.map(\.rawValue).joined(separator: ", "))")
        }
        let familyNames = families.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in familyNames where StandardFamily(rawValue: name) == nil {
            throw ValidationError(
                "unknown standard family \"\(name)\"; known: \(StandardFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard validDays >= 1 else { throw ValidationError("--valid-days must be at least 1") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw ValidationError("\(out) already exists; refusing to overwrite a certificate")
        }
        let root = try setup { try CertificateAuthority(prefix: ca) }
        let keys = try setup { try KeyFiles.loadVerifyingKeys(path: labKey) }
        guard keys.count == 1 else { throw ValidationError("\(labKey) must hold exactly one public key, found \(keys.count)") }
        let certificate = try setup {
            try root.issueLab(
                labKey: keys[0], name: name, scope: AccreditationScope(deviceClasses: classes, families: familyNames),
                validDays: validDays)
        }
        try setup {
            try Data(CertificateFiles.pem(certificate).utf8).write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        }
        print("lab certificate: \(out)")
        print("lab:             \(name), key id \(keys[0].keyID)")
        print("serial:          \(CertificateFiles.serialHex(certificate))")
        print("scope:           \(classes.joined(separator: ", ")); \(familyNames.joined(separator: ", "))")
        print("valid:           \(certificate.notValidBefore) to \(certificate.notValidAfter)")
    }
}

/// `aitc ca revoke`.
struct CARevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a lab certificate: adds it to PREFIX.revocations.json, the list signed by the root.")

    @Option(help: "The root's path prefix.")
    var ca: String

    @Option(help: "The lab certificate to revoke (PEM).")
    var cert: String

    @Option(help: "keyCompromise (rejects everything the key signed), superseded, affiliationChanged or cessationOfOperation.")
    var reason: String

    @Option(help: "When the revocation takes effect (RFC 3339); default now.")
    var at: String?

    func run() throws {
        guard let why = RevocationReason(rawValue: reason) else {
            throw ValidationError("unknown --reason \(reason); use one of \(RevocationReason.allCases.map(\.rawValue).joined(separator: ", "))")
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
            let bytes = try setup { try BoundedFile.read(path: listPath, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list") }
            entries = try setup { try RevocationList(envelope: bytes, root: root.key.publicKey) }.entries
        }
        let serial = CertificateFiles.serialHex(lab)
        entries.removeAll { $0.serial == serial }
        entries.append(RevocationEntry(serial: serial, subject: CertificateFiles.commonName(of: lab), reason: why, revokedAt: when))
        let list = RevocationList(issuerKeyID: root.key.publicKey.keyID, issuedAt: Date(), entries: entries)
        let envelope = try setup { try list.signed(by: root.key) }
        try setup { try envelope.jsonData().write(to: URL(fileURLWithPath: listPath), options: .atomic) }
        print("revoked:          \(CertificateFiles.commonName(of: lab)) (serial \(serial)), \(why.rawValue), from \(when)")
        print("revocation list:  \(listPath) (\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), signed by the root)")
    }
}
