import Foundation
import Testing

/// SHA-256 test vectors (FIPS 180-4 examples and padding-boundary lengths) checked through
/// load_model's digest comparison: a wrong digest is refused and the message carries the real one.
@Suite("SHA-256 through load_model")
struct DigestTests {
    static let vectors: [(String, Int, String)] = [
        ("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("a", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("a", 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        ("a", 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        ("a", 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        ("a", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        ("a", 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        ("a", 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        ("a", 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test func digestMismatchReportsTheTrueDigest() throws {
        let folder = try TemporaryFolder()
        let agent = try AgentSession()
        let wrong = String(repeating: "0", count: 64)
        for (unit, count, expected) in Self.vectors {
            let path = try folder.write("v\(count).bin", data: Data(String(repeating: unit, count: count).utf8))
            let reply = try agent.request([
                "op": "load_model", "handle": "m", "path": path, "sha256": wrong,
            ])
            #expect(reply.errorCode == "digest_mismatch")
            #expect(reply.errorMessage.contains(expected), "\(unit)×\(count): \(reply.errorMessage)")
        }
    }

    @Test func matchingDigestPassesTheCheckInAnyCase() throws {
        let folder = try TemporaryFolder()
        let agent = try AgentSession()
        let path = try folder.write("abc.bin", data: Data("abc".utf8))
        let upper = Self.vectors[0].2.uppercased()
        let reply = try agent.request(["op": "load_model", "handle": "m", "path": path, "sha256": upper])
        // The digest matched, so the failure (if any) comes from the backend, never the digest check.
        #expect(reply.errorCode != "digest_mismatch")
    }

    @Test func malformedDigestAndMissingFileAreNamed() throws {
        let agent = try AgentSession()
        let bad = try agent.request(["op": "load_model", "handle": "m", "path": "/etc/hostname", "sha256": "xyz"])
        #expect(bad.errorCode == "bad_request")
        #expect(bad.errorMessage.contains("sha256"))
        let missing = try agent.request(["op": "load_model", "handle": "m", "path": "/no/such/model.onnx"])
        #expect(missing.errorCode == "not_found")
    }
}
