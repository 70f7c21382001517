import ChildProcesses
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// tcp device identity: the agent's own Ed25519 key (`aitc-agent --enrol`), proved at every
/// connection, recorded in the report, pinned by a lab with `?device_key=`.
struct DeviceKeyTests {
    struct Enrolled {
        let file: String
        let publicKey: String
        let fingerprint: String
    }

    /// `aitc-agent --enrol FOLDER/NAME`, as a lab runs it on the device.
    static func enrol(_ folder: TemporaryFolder, _ name: String) throws -> Enrolled {
        let file = "\(folder.path)/\(name)"
        let result = try Command(try AgentLocator.hostAgent(), ["--enrol", file]).run(timeout: 30)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        guard result.exit.succeeded, lines.count == 2, lines[0].count == 3, lines[1].count == 2 else {
            throw AgentError(.protocolViolation, "unexpected --enrol output: \(result.stdout) \(result.stderr)")
        }
        return Enrolled(file: file, publicKey: lines[0][2], fingerprint: lines[1][1])
    }

    static func spec(_ agent: ListeningAgent, pin: String?) throws -> DeviceSpec {
        try DeviceSpec(
            parsing: "tcp://127.0.0.1:\(agent.port)?token_file=\(agent.tokenFile)"
                + (pin.map { "&device_key=\($0)" } ?? ""))
    }

    @Test func aPinnedKeyIsProvedRecordedAndTheRunCompletes() throws {
        let folder = try TemporaryFolder()
        let key = try Self.enrol(folder, "device.key")
        #expect(
            key.fingerprint == DeviceKeyCheck.fingerprint(publicKey: try #require(Data(base64Encoded: key.publicKey))))
        let agent = try ListeningAgent(sessions: 2, extraArguments: ["--device-key", key.file])
        let driver = try DriverFactory.driver(for: try Self.spec(agent, pin: key.fingerprint), root: ProjectRoot.path)
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, driver: driver,
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(driver.identity().deviceKey == "ed25519 \(key.fingerprint)")
    }

    @Test func withoutAPinTheKeyIsStillRecorded() throws {
        let folder = try TemporaryFolder()
        let key = try Self.enrol(folder, "device.key")
        let agent = try ListeningAgent(extraArguments: ["--device-key", key.file])
        let driver = try DriverFactory.driver(for: try Self.spec(agent, pin: nil), root: ProjectRoot.path)
        let client = AgentClient(transport: try driver.connect())
        #expect(try client.hello().protocol == 1)
        client.bye()
        #expect(driver.identity().deviceKey == "ed25519 \(key.fingerprint)")
    }

    @Test func anotherBoxWithTheTokenButAnotherKeyIsRefusedBeforeAnythingRuns() throws {
        let folder = try TemporaryFolder()
        let enrolled = try Self.enrol(folder, "enrolled.key")
        let other = try Self.enrol(folder, "other.key")
        let agent = try ListeningAgent(extraArguments: ["--device-key", other.file])
        let driver = try DriverFactory.driver(
            for: try Self.spec(agent, pin: enrolled.fingerprint), root: ProjectRoot.path)
        #expect {
            _ = try driver.connect()
        } throws: { error in
            let message = (error as? AgentError)?.message ?? ""
            return message.contains("key \(other.fingerprint) is not the pinned \(enrolled.fingerprint)")
                && message.contains("refused before anything ran")
        }
    }

    @Test func aPinnedDeviceWhoseAgentHasNoKeyIsRefused() throws {
        let folder = try TemporaryFolder()
        let enrolled = try Self.enrol(folder, "enrolled.key")
        let agent = try ListeningAgent()
        let driver = try DriverFactory.driver(
            for: try Self.spec(agent, pin: enrolled.fingerprint), root: ProjectRoot.path)
        #expect {
            _ = try driver.connect()
        } throws: { error in
            ((error as? AgentError)?.message ?? "").contains("proves no key")
        }
    }

    @Test func aReplayedSignatureFromTheRealDeviceIsRefused() throws {
        // The cheater has the token, the public key (it is in every report) and a signature the real
        // device gave for an earlier challenge; it has no secret key.
        let folder = try TemporaryFolder()
        let enrolled = try Self.enrol(folder, "enrolled.key")
        let real = try ListeningAgent(extraArguments: ["--device-key", enrolled.file])
        let transport = try SocketTransport(host: "127.0.0.1", port: real.port, token: real.token)
        try transport.send(line: #"{"id":1,"op":"hello","protocol":1}"#)
        _ = try transport.receiveLine(timeout: 10)
        try transport.send(
            line:
                #"{"id":2,"op":"device_key","challenge":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}"#
        )
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(try transport.receiveLine(timeout: 10).utf8)) as? [String: Any])
        transport.close()
        let signature = try #require(answer["signature"] as? String)
        #expect(answer["public_key"] as? String == enrolled.publicKey)
        let cheat = try ChildProcess(
            executable: "/usr/bin/env",
            arguments: [
                "python3", DriverFixtures.fixture("tcp/replaying-agent.py"), real.token, enrolled.publicKey, signature,
            ],
            output: .pipe)
        defer { cheat.stop(grace: 0.5) }
        var reader = LineReader(fd: cheat.outputDescriptor, maxLineBytes: 4096)
        let announce = try reader.readLine(timeout: 30, endpoint: "replaying agent")
        let port = try #require(Int(announce.split(separator: ":").last ?? ""))
        let driver = TCPDriver(host: "127.0.0.1", port: port, token: real.token, pinnedDeviceKey: enrolled.fingerprint)
        #expect {
            _ = try driver.connect()
        } throws: { error in
            ((error as? AgentError)?.message ?? "").contains("signature over the challenge does not verify")
        }
    }

    @Test func specsPinOnlyWellFormedFingerprints() throws {
        let pin = "SHA256:" + String(repeating: "A", count: 43)
        #expect(
            try DeviceSpec(parsing: "tcp://10.0.0.2:7000?token_file=/t&device_key=\(pin)")
                == .tcp(host: "10.0.0.2", port: 7000, tokenFile: "/t", deviceKey: pin))
        #expect(
            try DeviceSpec(parsing: "tcp://10.0.0.2:7000?device_key=\(pin)")
                == .tcp(host: "10.0.0.2", port: 7000, deviceKey: pin))
        for bad in [
            "tcp://h:1?device_key=SHA256:short", "tcp://h:1?device_key=MD5:\(pin.dropFirst(7))",
            "tcp://h:1?colour=blue",
            "tcp://h:1?device_key=\(pin)&device_key=\(pin)",
        ] {
            #expect(throws: DeviceSpecError.self) { try DeviceSpec(parsing: bad) }
        }
    }
}
