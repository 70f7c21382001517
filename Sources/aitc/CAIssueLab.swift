import Accreditation
import ArgumentParser
import Attestation
import Conformance
import Foundation

/// `aitc ca issue-lab`.
struct CAIssueLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue-lab",
        abstract: "Issue a lab certificate whose scope names device classes and standard families.")

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
            throw ValidationError(
                "unknown device class \"\(name)\"; known: \(DeviceClass.known.map(\.rawValue).joined(separator: ", "))")
        }
        let familyNames = families.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in familyNames where StandardFamily(rawValue: name) == nil {
            throw ValidationError(
                "unknown standard family \"\(name)\"; known: \(StandardFamily.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard validDays >= 1 else { throw ValidationError("--valid-days must be at least 1") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw ValidationError("\(out) already exists; refusing to overwrite a certificate")
        }
        let root = try setup { try CertificateAuthority(prefix: ca) }
        let keys = try setup { try KeyFiles.loadVerifyingKeys(path: labKey) }
        guard keys.count == 1 else {
            throw ValidationError("\(labKey) must hold exactly one public key, found \(keys.count)")
        }
        let certificate = try setup {
            try root.issueLab(
                labKey: keys[0], name: name, scope: AccreditationScope(deviceClasses: classes, families: familyNames),
                validDays: validDays)
        }
        try setup {
            try Data(CertificateFiles.pem(certificate).utf8).write(
                to: URL(fileURLWithPath: out), options: .withoutOverwriting)
        }
        print("lab certificate: \(out)")
        print("lab:             \(name), key id \(keys[0].keyID)")
        print("serial:          \(CertificateFiles.serialHex(certificate))")
        print("scope:           \(classes.joined(separator: ", ")); \(familyNames.joined(separator: ", "))")
        print("valid:           \(certificate.notValidBefore) to \(certificate.notValidAfter)")
    }
}
