import Foundation
import TestSupport
import Testing

/// Schemathesis (PyPI) fuzzes the running registry from Docs/registry-openapi.yaml: no generated
/// request gets a 5xx, every answer follows the document (status, content type, schema), and no
/// schemathesis warning is left (a parameter the document allows but the server refuses fails it).
@Suite("Registry API fuzzed from its OpenAPI document", .serialized)
struct RegistryFuzzTests {
    @Test("schemathesis: no server error, every answer as documented, no warning")
    func schemathesis() async throws {
        let fixture = try RegistryBundles.fixture()
        let folder = try TemporaryFolder().path
        #expect(try AitcProcess.run(["keys", "generate", "--out", folder + "/registry"]).status == 0)
        let server = try RegistryServerProcess(
            arguments: [
                "--db", "sqlite:" + folder + "/registry.sqlite", "--trust-root", fixture.folder + "/root.crt", "--key",
                folder + "/registry.key", "--max-bundle-bytes", "200000",
            ],
            folder: folder)
        defer { server.stop() }
        // One published report, so reads of what exists are fuzzed too.
        let bundle = folder + "/a1.sigstore.json"
        try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: "P1", fixture: fixture)
            .write(to: URL(fileURLWithPath: bundle))
        #expect(try AitcProcess.run(["registry", "publish", bundle, "--to", server.url]).status == 0)
        let fuzzed = try AitcProcess.run(
            [ProjectRoot.path + "/Tools/registry/fuzz.sh", server.url, "25"], program: "/bin/bash")
        #expect(fuzzed.status == 0, "\(fuzzed.stdout.suffix(3000))\(fuzzed.stderr.suffix(1500))")
        #expect(fuzzed.stdout.contains("passed"), "\(fuzzed.stdout.suffix(1500))")
        #expect(
            !fuzzed.stdout.contains("WARNING") && !fuzzed.stdout.contains("Warning"), "\(fuzzed.stdout.suffix(2000))")
        server.stop()
    }
}
