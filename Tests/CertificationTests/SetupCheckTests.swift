import Attestation
import Certification
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Set-up errors are found before anything is measured or signed: each one a set-up
/// ``CertificationError`` (exit 64) with one sentence, and the output folder left untouched.
@Suite("Certifier: inputs checked before anything runs")
struct SetupCheckTests {
    /// A request for the smartphone suite on `devices`, with a fresh key unless `key` is given.
    static func request(
        folder: TemporaryFolder, devices: [DeviceSpec] = [.local], key: String? = nil, out: String? = nil,
        suite: String = "smartphone"
    ) throws -> CertificationRequest {
        let keyPath: String
        if let key {
            keyPath = key
        } else {
            keyPath = folder.file("lab.key")
            if !FileManager.default.fileExists(atPath: keyPath) {
                _ = try KeyFiles.generate(prefix: folder.file("lab"))
            }
        }
        return CertificationRequest(
            suite: suite, devices: devices, keyPath: keyPath, outDirectory: out ?? folder.file("reports"),
            standardsPaths: [ProjectRoot.layout.standardsDirectory], suitesDirectory: ProjectRoot.layout.suitesDirectory
        )
    }

    static func setupError(
        _ request: CertificationRequest,
        makeDriver: @escaping @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver = {
            spec throws(AgentError) in
            try DriverFactory.driver(for: spec)
        }
    ) -> CertificationError? {
        do {
            _ = try Certifier(request: request, logger: Logger(label: "test"), makeDriver: makeDriver).prepare()
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing key is a set-up error naming the file")
    func missingKey() throws {
        let folder = try TemporaryFolder()
        let error = Self.setupError(try Self.request(folder: folder, key: folder.file("absent.key")))
        #expect(error?.code == .setup)
        #expect(error?.exitStatus == 64)
        #expect(error?.message.contains(folder.file("absent.key")) == true)
        #expect(error?.message.contains("aitc keys generate") == true)
        #expect(error?.message.contains("AttestationError") == false)
        #expect(!FileManager.default.fileExists(atPath: folder.file("reports")))
    }

    @Test("a backend library the harness cannot read is a set-up error (it is staged from this machine)")
    func unreadableBackend() throws {
        let folder = try TemporaryFolder()
        var request = try Self.request(folder: folder)
        request.configuration = RunConfiguration(backend: "/data/local/tmp/libvendor.so")
        let error = Self.setupError(request)
        #expect(error?.code == .setup)
        #expect(error?.message.contains("/data/local/tmp/libvendor.so cannot be read on this machine") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("reports")))
    }

    @Test("an unreadable key is a set-up error")
    func unreadableKey() throws {
        let folder = try TemporaryFolder()
        let garbage = try folder.write("garbage.key", "not a pem\n")
        let error = Self.setupError(try Self.request(folder: folder, key: garbage))
        #expect(error?.code == .setup)
        #expect(error?.message.hasPrefix("cannot use the signing key \(garbage): ") == true)
    }

    @Test("--out naming an existing file is a set-up error, and the file is untouched")
    func outIsAFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("taken", "keep me")
        let error = Self.setupError(try Self.request(folder: folder, out: file))
        #expect(error?.code == .setup)
        #expect(error?.message.contains("is an existing file") == true)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
    }

    @Test("--out under a file cannot be created")
    func outUnderAFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("taken", "")
        let error = Self.setupError(
            try Self.request(folder: folder, out: (file as NSString).appendingPathComponent("reports")))
        #expect(error?.code == .setup)
        #expect(error?.message.contains("is a file, not a folder") == true)
    }

    @Test("an unknown suite is a set-up error listing the suites")
    func unknownSuite() throws {
        let folder = try TemporaryFolder()
        let error = Self.setupError(try Self.request(folder: folder, suite: "no-such-suite"))
        #expect(error?.code == .setup)
        #expect(error?.message.contains("no such suite file") == true)
        #expect(error?.message.contains("smartphone") == true)
    }

    @Test("a tcp device without a session token is a set-up error saying how to give one")
    func tcpWithoutToken() throws {
        guard ProcessInfo.processInfo.environment["AITC_DEVICE_TOKEN"] == nil else { return }
        let folder = try TemporaryFolder()
        let error = Self.setupError(try Self.request(folder: folder, devices: [.tcp(host: "127.0.0.1", port: 9)]))
        #expect(error?.code == .setup)
        #expect(error?.message.contains("AITC_DEVICE_TOKEN") == true)
        #expect(folder.contents() == ["lab.key", "lab.pub"], "nothing may be written before the checks pass")
    }

    @Test("a tcp device nobody listens on is a set-up error")
    func tcpUnreachable() throws {
        let folder = try TemporaryFolder()
        let token = try folder.write("token", "0123456789abcdef0123456789abcdef\n")
        let port = try FreePort.find()
        let error = Self.setupError(
            try Self.request(folder: folder, devices: [.tcp(host: "127.0.0.1", port: port, tokenFile: token)]))
        #expect(error?.code == .setup)
        #expect(error?.message.hasPrefix("device tcp://127.0.0.1:\(port) is not reachable: ") == true)
    }

    @Test("an altered workload file is a set-up error naming the file, before any device is touched")
    func alteredWorkloadFile() throws {
        let folder = try TemporaryFolder()
        let genuine = try Data(
            contentsOf: URL(
                fileURLWithPath: ProjectRoot.layout.suitesDirectory + "/workloads/digits/digits_cnn_fp32.onnx"))
        var altered = genuine
        altered[altered.count / 2] ^= 0x01  // one bit, where a weight lives
        let copy = try folder.write("digits_cnn_fp32.onnx", data: altered)
        let suite = try DigitsSuiteFile.write(in: folder, model: copy)
        // A device that would itself be refused (no token): the workload files are checked first.
        let error = Self.setupError(
            try Self.request(folder: folder, devices: [.tcp(host: "127.0.0.1", port: 9)], suite: suite))
        #expect(error?.code == .setup)
        #expect(error?.exitStatus == 64)
        #expect(
            error?.message.contains("workload digits-cnn-fp32: the file \(copy) was altered") == true,
            "\(error?.message ?? "")")
        #expect(error?.message.contains("sha256") == true)
        #expect(error?.message.contains("\n") == false, "one line")
        #expect(!FileManager.default.fileExists(atPath: folder.file("reports")))
        // The genuine bytes at the same place pass: the check is about the bytes, not the path.
        try genuine.write(to: URL(fileURLWithPath: copy))
        #expect(Self.setupError(try Self.request(folder: folder, suite: suite)) == nil)
    }

    @Test("a missing workload file is a set-up error saying how to build the workloads")
    func missingWorkloadFile() throws {
        let folder = try TemporaryFolder()
        let suite = try DigitsSuiteFile.write(in: folder, model: folder.file("absent.onnx"))
        let error = Self.setupError(try Self.request(folder: folder, suite: suite))
        #expect(error?.code == .setup)
        #expect(
            error?.message.contains("the file \(folder.file("absent.onnx")) is missing") == true,
            "\(error?.message ?? "")")
        #expect(error?.message.contains("Tools/workloads/build_all.sh") == true)
    }

    @Test("a local agent that does not start or answer is a set-up error, not an incomplete report")
    func localAgentThatDoesNotAnswer() throws {
        let folder = try TemporaryFolder()
        let suite = try DigitsSuiteFile.write(in: folder)
        // A truncated agent binary: the kernel refuses to execute it.
        let agent = try Data(contentsOf: URL(fileURLWithPath: try AgentLocator.hostAgent()))
        let broken = try folder.write("aitc-agent", data: agent.prefix(4096))
        chmod(broken, 0o755)
        for program in [broken, "/bin/false"] {
            let error = Self.setupError(try Self.request(folder: folder, suite: suite)) { _ throws(AgentError) in
                LocalDriver(agentPath: program)
            }
            #expect(error?.code == .setup)
            #expect(error?.exitStatus == 64)
            #expect(
                error?.message.hasPrefix("device local is not reachable: ") == true,
                "\(program): \(error?.message ?? "")")
            #expect(error?.message.contains("\n") == false, "one line")
            #expect(!FileManager.default.fileExists(atPath: folder.file("reports")))
        }
        #expect(Self.setupError(try Self.request(folder: folder, suite: suite)) == nil, "the real agent passes")
    }

    @Test("the same device twice is a set-up error")
    func duplicateDevice() throws {
        let folder = try TemporaryFolder()
        let error = Self.setupError(try Self.request(folder: folder, devices: [.local, .local]))
        #expect(error?.code == .setup)
        #expect(error?.message == "device local is given twice; certify each device once")
    }

    @Test("an instrument that cannot be built is a set-up error, not a silently missing instrument")
    func instrumentFailure() throws {
        let folder = try TemporaryFolder()
        var request = try Self.request(folder: folder)
        request.instruments = { _ in throw CertificationError(.setup, "the meter at ptd://lab:4950 is unreachable") }
        let error = Self.setupError(request)
        #expect(error?.code == .setup)
        #expect(error?.message == "cannot prepare the instruments of local: the meter at ptd://lab:4950 is unreachable")
    }
}
