import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The tcp driver against the real agent listening on 127.0.0.1.
struct TCPDriverTests {
    @Test func rightTokenOpensASessionAndTheAgentAnswers() throws {
        let agent = try ListeningAgent()
        let driver = TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token)
        let client = AgentClient(transport: try driver.connect())
        let hello = try client.hello()
        #expect(hello.protocol == AgentClient.protocolVersion)
        #expect(try client.deviceInfo().cores != nil)
        client.bye()
        agent.process.waitUntilExit()
        #expect(agent.process.terminationStatus == 0, "--sessions 1: the agent exits after its session")
    }

    @Test func wrongTokenIsRefusedBeforeAnyRequest() throws {
        let agent = try ListeningAgent()
        let driver = TCPDriver(host: "127.0.0.1", port: agent.port, token: "not-the-token-0123456789")
        do {
            _ = try driver.connect()
            Issue.record("a wrong token must be refused")
        } catch {
            #expect(error.agentCode == "unauthorized")
            #expect(error.message.contains("token"))
        }
        // The refused client did not use up the agent's one session: the right token still works once
        // the back-off its address earned (250 ms after one wrong token) has passed.
        Thread.sleep(forTimeInterval: 0.4)
        let client = AgentClient(
            transport: try TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token).connect())
        #expect(try client.hello().protocol == 1)
        client.bye()
    }

    @Test func aClientThatSkipsAuthGetsNoAnswerToHello() throws {
        let agent = try ListeningAgent()
        let fd = try SocketConnector.connect(host: "127.0.0.1", port: agent.port, timeout: 5, endpoint: "test")
        defer { close(fd) }
        let line = Array("{\"id\":1,\"op\":\"hello\",\"protocol\":1}\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var reader = LineReader(fd: fd)
        let reply = try reader.readLine(timeout: 10, endpoint: "test")
        #expect(reply.contains("\"auth_required\""), "\(reply)")
        #expect(!reply.contains("\"agent\""), "no hello reply without auth")
    }

    @Test func tokenComesFromTheFileOrTheEnvironment() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("t", "  file-token-0123456789  \nsecond line\n")
        #expect(try TCPDriver.token(fromFile: file, environment: [:]) == "file-token-0123456789")
        #expect(try TCPDriver.token(fromFile: nil, environment: ["AITC_DEVICE_TOKEN": "env-token"]) == "env-token")
        #expect(throws: AgentError.self) { try TCPDriver.token(fromFile: nil, environment: [:]) }
    }

    /// The audits' novel inputs are a file the harness writes per run in its work folder (TMPDIR);
    /// a tcp agent opens files by path, so one that does not serve that folder (a box of its own)
    /// cannot load them. The run must still complete — the output audits judged on the workload's
    /// own samples, the novel-input audits inconclusive with what to do — instead of ending at
    /// "the device refused loading the timed inputs".
    @Test func anAgentThatCannotSeeTheNovelInputsLeavesTheirAuditsInconclusiveNotTheRun() throws {
        let agent = try ListeningAgent(sessions: 2)
        var mode = DriverFixtures.quick
        mode.audits = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick").audits
        let suite = try DriverFixtures.digitsSuite()
        let record = try CertificationRun(
            suite: Suite(
                id: suite.id, version: suite.version, title: suite.title, deviceClass: suite.deviceClass,
                clauses: suite.clauses,
                workloads: Array(suite.workloads.prefix(1)), path: suite.path, sha256: suite.sha256),
            mode: mode, driver: TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token),
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let audits = try #require(record.workloads.first?.audits)
        let novel = try #require(audits.first { $0.kind == .novelInputs })
        #expect(novel.inconclusive?.contains("TMPDIR") == true, "\(novel.inconclusive ?? novel.evidence)")
        let match = try #require(audits.first { $0.kind == .outputsMatch })
        #expect(match.passed, "\(match.inconclusive ?? match.evidence)")
        #expect(try TestReports.build(record).verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .inconclusive)
    }

    @Test func agentKilledMidRunLeavesAnIncompleteRecordPromptly() throws {
        let agent = try ListeningAgent()
        let mode = ModeRules(
            name: "test", description: "long enough to be killed",
            singleStream: .init(minQueries: 200, minDurationS: 30, maxDurationS: 60),
            offline: .init(minSamples: 128, minDurationS: 0.1), cooldownS: 0, seed: 1)
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { agent.kill() }
        let started = Date()
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: mode,
            driver: TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token), logger: Logger(label: "test")
        ).execute()
        #expect(Date().timeIntervalSince(started) < 20, "a dropped connection must be detected within seconds")
        #expect(!record.complete)
        #expect(record.incompleteReason?.contains("device lost") == true, "\(record.incompleteReason ?? "")")
    }
}
