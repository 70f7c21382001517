import Foundation
import Harness
import Testing

/// After the handshake a peer may name files only inside the agent's roots (`--root`, or the
/// working folder over tcp): no `..`, no absolute path or symlink leading outside, and no answer that
/// tells anything about a file outside (its digest, its size, whether it exists). A backend library
/// is loaded only from inside the roots and only when its SHA-256 is the one the harness sent; its
/// constructors never run otherwise.
@Suite("file access confined to the agent's roots")
struct ConfinementTests {
    /// A root with the echo model and samples, and a folder outside it with a secret.
    struct Setup {
        let root: TemporaryFolder
        let outside: TemporaryFolder
        let secret: String
        let secretDigest: String
        let agent: AgentSession

        init() throws {
            root = try TemporaryFolder()
            outside = try TemporaryFolder()
            secret = try outside.write("shadow", data: Data("root-only secret\n".utf8))
            secretDigest = FileDigest.sha256(file: secret) ?? ""
            agent = try AgentSession(arguments: ["--root", root.path])
        }

        func loadModel(
            _ path: String, backend: String = "reference", backendSHA256: String? = nil
        ) throws -> [String: Any] {
            var request: [String: Any] = [
                "op": "load_model", "handle": "m", "path": path, "backend": backend,
                "sha256": String(repeating: "0", count: 64),
            ]
            if let backendSHA256 { request["backend_sha256"] = backendSHA256 }
            return try agent.request(request)
        }

        /// The refusal must not depend on the file outside: no digest, and the same code whether
        /// the file exists or not.
        func expectNoOracle(_ reply: [String: Any], _ what: String) {
            #expect(!reply.isOK, "\(what) must be refused")
            #expect(reply.errorCode == "not_found" || reply.errorCode == "bad_request", "\(what): \(reply)")
            #expect(!reply.errorMessage.contains(secretDigest), "\(what): the reply tells the secret's digest")
        }
    }

    @Test func pathsLeadingOutsideTheRootAreRefusedWithoutADigest() throws {
        let s = try Setup()
        let depth = s.root.path.split(separator: "/").count
        let climb = String(repeating: "../", count: depth + 2)
        let link = (s.root.path as NSString).appendingPathComponent("innocent.onnx")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: s.secret)
        let folderLink = (s.root.path as NSString).appendingPathComponent("assets")
        try FileManager.default.createSymbolicLink(atPath: folderLink, withDestinationPath: s.outside.path)
        let cases = [
            s.secret,  // absolute, outside
            "\(s.root.path)/\(climb)\(s.secret.dropFirst())",  // climbs out with ..
            "\(s.root.path)/../\((s.outside.path as NSString).lastPathComponent)/shadow",
            link,  // a symlink inside pointing outside
            "\(folderLink)/shadow",  // a folder symlink inside pointing outside
        ]
        for path in cases {
            s.expectNoOracle(try s.loadModel(path), path)
        }
        // Missing outside and present outside look the same.
        let missing = try s.loadModel(s.outside.path + "/no-such-file")
        #expect(missing.errorCode == (try s.loadModel(s.secret)).errorCode)
        #expect(missing.errorMessage.contains("outside"))
    }

    @Test func samplesAndPromptsAreConfinedToo() throws {
        let s = try Setup()
        let backend = try EchoBackend.build(in: s.root.path)
        let model = try s.root.write("model.echo", data: Data("ECHO".utf8))
        let loaded = try s.agent.request([
            "op": "load_model", "handle": "m0", "path": model, "backend": backend,
            "backend_sha256": FileDigest.sha256(file: backend) ?? "",
        ])
        #expect(loaded.isOK, "\(loaded)")
        let npy = NpyFixture.file(descr: "<f4", shape: [1, 4], data: NpyFixture.float32([1, 2, 3, 4]))
        let outsideNpy = try s.outside.write("x.npy", data: npy)
        let digest = FileDigest.sha256(file: outsideNpy) ?? ""
        let reply = try s.agent.request([
            "op": "load_samples", "handle": "s", "model": "m0",
            "inputs": ["input": ["path": outsideNpy, "sha256": String(repeating: "0", count: 64)]],
        ])
        #expect(reply.errorCode == "not_found", "\(reply)")
        #expect(!reply.errorMessage.contains(digest))
        let inside = try s.root.write("x.npy", data: npy)
        #expect(
            try s.agent.request([
                "op": "load_samples", "handle": "s", "model": "m0", "inputs": ["input": ["path": inside]],
            ]).isOK)
    }

    /// A library whose constructor leaves `marker` behind: proof that it was loaded at all.
    private static func markedLibrary(in folder: String, marker: String) throws -> String {
        try EchoBackend.build(
            in: folder, name: "libmarked.so",
            extraSource: """

                #include <fcntl.h>
                #include <unistd.h>
                __attribute__((constructor)) static void mark(void) {
                    int fd = open("\(marker)", O_WRONLY | O_CREAT, 0600);
                    if (fd >= 0) close(fd);
                }
                """)
    }

    @Test func aBackendLibraryLoadsOnlyFromTheRootWithTheDigestSent() throws {
        let s = try Setup()
        let marker = (s.outside.path as NSString).appendingPathComponent("constructor-ran")
        let inside = try Self.markedLibrary(in: s.root.path, marker: marker)
        let digest = FileDigest.sha256(file: inside) ?? ""
        let outsideLibrary = (s.outside.path as NSString).appendingPathComponent("libmarked.so")
        try FileManager.default.copyItem(atPath: inside, toPath: outsideLibrary)
        let model = try s.root.write("model.echo", data: Data("ECHO".utf8))

        func load(_ backend: String, _ sha: String?) throws -> [String: Any] {
            var request: [String: Any] = ["op": "load_model", "handle": "m", "path": model, "backend": backend]
            if let sha { request["backend_sha256"] = sha }
            return try s.agent.request(request)
        }
        // Outside the root, even with the right digest.
        #expect(try load(outsideLibrary, digest).errorCode == "not_found")
        // No digest, or another library's digest.
        #expect(try load(inside, nil).errorCode == "bad_request")
        let wrong = try load(inside, String(repeating: "ab", count: 32))
        #expect(wrong.errorCode == "digest_mismatch", "\(wrong)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a refused library's constructor ran")
        // The right digest from inside the root: loaded, and the reply names what ran.
        let ok = try load(inside, digest)
        #expect(ok.isOK, "\(ok)")
        #expect(FileManager.default.fileExists(atPath: marker))
        let library = (ok["backend"] as? [String: Any])?["library"] as? [String: Any]
        #expect(library?["sha256"] as? String == digest)
    }
}
