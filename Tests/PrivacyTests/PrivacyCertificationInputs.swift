import Foundation
import TestSupport
import Testing

/// What a command-line certification with the privacy clauses needs in a folder: the digits suite
/// with QUA-01 and PRV-01…06, the device's privacy declaration, a lab key, and where reports go.
struct PrivacyCertificationInputs {
    let suite: String
    let declaration: String
    /// The key files' prefix (`.key`, `.pub`).
    let key: String
    let out: String

    init(in folder: TemporaryFolder, device: String) throws {
        suite = try DigitsSuiteFile.write(
            in: folder, clauses: ["QUA-01", "PRV-01", "PRV-02", "PRV-03", "PRV-04", "PRV-05", "PRV-06"])
        declaration = try PrivacyDeclarationFile.write(in: folder, device: device)
        key = "\(folder.path)/lab"
        let made = try AitcProcess.run(["keys", "generate", "--out", key])
        try #require(made.status == 0, "\(made.stderr)")
        out = "\(folder.path)/reports"
    }
}
