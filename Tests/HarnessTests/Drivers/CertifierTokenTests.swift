import Attestation
import Certification
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// A tcp device whose agent refuses the session token stops the certification before anything
/// runs (exit 64), while the right token passes the check.
@Suite("Certifier: a tcp device is authenticated before the run")
struct CertifierTokenTests {
    @Test("a wrong token is a set-up error; the right one passes")
    func wrongToken() throws {
        let agent = try ListeningAgent(sessions: 2)
        defer { agent.kill() }
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: (folder.path as NSString).appendingPathComponent("lab"))
        let wrong = try folder.write("wrong", "an-entirely-different-token-value\n")
        func prepare(_ tokenFile: String) -> CertificationError? {
            let request = CertificationRequest(
                suite: "smartphone", devices: [.tcp(host: "127.0.0.1", port: agent.port, tokenFile: tokenFile)],
                keyPath: (folder.path as NSString).appendingPathComponent("lab.key"),
                outDirectory: (folder.path as NSString).appendingPathComponent("reports"),
                standardsPaths: [ProjectRoot.layout.standardsDirectory],
                suitesDirectory: ProjectRoot.layout.suitesDirectory)
            do {
                _ = try Certifier(request: request, logger: Logger(label: "test")).prepare()
                return nil
            } catch {
                return error
            }
        }
        let refused = prepare(wrong)
        #expect(refused?.code == .setup)
        #expect(refused?.exitStatus == 64)
        #expect(refused?.message.contains("refused the session") == true, "\(refused?.message ?? "")")
        // The wrong token put this address in back-off for 250 ms (Docs/drivers.md); then the right one passes.
        Thread.sleep(forTimeInterval: 0.4)
        #expect(prepare(agent.tokenFile) == nil, "the right token passes the check")
        #expect(!FileManager.default.fileExists(atPath: (folder.path as NSString).appendingPathComponent("reports")))
    }
}
