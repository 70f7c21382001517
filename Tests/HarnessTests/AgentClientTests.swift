import Testing

@testable import Harness

struct AgentClientTests {
    static let hello =
        #"{"id":1,"ok":true,"agent":"aitc-agent","agent_version":"0.1.0","protocol":1,"capabilities":[],"clock":"CLOCK_MONOTONIC","backends":["reference"]}"#

    @Test func handshakeDecodes() throws {
        let client = AgentClient(transport: ScriptedTransport(replies: [Self.hello]))
        let hello = try client.hello()
        #expect(hello.protocol == 1)
        #expect(hello.backends == ["reference"])
    }

    @Test func replyWithTheWrongIDIsAProtocolViolation() {
        let client = AgentClient(
            transport: ScriptedTransport(replies: [Self.hello.replacingOccurrences(of: "\"id\":1", with: "\"id\":7")]))
        #expect(throws: AgentError.self) { try client.hello() }
        do { _ = try client.hello() } catch { #expect(error.code == .connectionLost) }
    }

    @Test func malformedReplyIsAProtocolViolation() {
        let client = AgentClient(transport: ScriptedTransport(replies: ["this is not json"]))
        do {
            _ = try client.hello()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .protocolViolation)
        }
    }

    @Test func errorReplyCarriesTheAgentCode() {
        let reply = #"{"id":1,"ok":false,"error":{"code":"digest_mismatch","message":"expected aa, found bb"}}"#
        let client = AgentClient(transport: ScriptedTransport(replies: [reply]))
        do {
            _ = try client.loadModel(
                handle: "m", path: "/x", sha256: "aa", backend: "reference", accelerator: "cpu", threads: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .agentRefused)
            #expect(error.agentCode == "digest_mismatch")
            #expect(!error.isDeviceLost)
        }
    }

    @Test func energyUnsupportedMeansNoCounters() throws {
        let reply = #"{"id":1,"ok":false,"error":{"code":"unsupported","message":"no energy counters"}}"#
        let client = AgentClient(transport: ScriptedTransport(replies: [reply]))
        #expect(try client.energy() == nil)
    }

    @Test func runRequestCarriesTheSchedule() throws {
        let transport = ScriptedTransport(replies: [
            #"{"id":1,"ok":true,"count":2,"run_begin_ns":10,"run_end_ns":50,"start_ns":[10,30],"end_ns":[20,50],"accelerator":"cpu","accelerator_changes":0}"#
        ])
        let client = AgentClient(transport: transport)
        let result = try client.run(RunRequest(model: "m0", samples: "s0", queries: [3, 4]), timeout: 5)
        #expect(result.latenciesNs == [10, 20])
        #expect(transport.sent.first?.contains(#""issue":"after_completion""#) == true)
        #expect(transport.sent.first?.contains(#""queries":[3,4]"#) == true)
    }
}
