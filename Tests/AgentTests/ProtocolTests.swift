import Foundation
import Testing

@Suite("agent protocol envelope")
struct ProtocolTests {
    @Test func helloAnswersWithVersionAndCapabilities() throws {
        let agent = try AgentSession(handshake: false)
        let reply = try agent.request(["id": 7, "op": "hello", "protocol": 1])
        #expect(reply.isOK)
        #expect(reply["id"] as? Int == 7)
        #expect(reply["agent"] as? String == "aitc-agent")
        #expect(reply["protocol"] as? Int == 1)
        #expect(reply["clock"] as? String == "CLOCK_MONOTONIC")
        let caps = reply["capabilities"] as? [String] ?? []
        for cap in ["device_info", "load_model", "load_samples", "run", "clock", "energy", "erase", "bye"] {
            #expect(caps.contains(cap), "missing capability \(cap)")
        }
    }

    @Test func opBeforeHelloIsRefusedThenHelloWorks() throws {
        let agent = try AgentSession(handshake: false)
        let early = try agent.request(["op": "clock"])
        #expect(early.errorCode == "handshake_required")
        let wrongVersion = try agent.request(["op": "hello", "protocol": 2])
        #expect(wrongVersion.errorCode == "unsupported_version")
        let stillEarly = try agent.request(["op": "device_info"])
        #expect(stillEarly.errorCode == "handshake_required")
        #expect(try agent.request(["op": "hello", "protocol": 1]).isOK)
        #expect(try agent.request(["op": "clock"]).isOK)
    }

    @Test(arguments: [
        ("not json at all", "bad_json", true),
        ("[1,2,3]", "bad_json", true),
        ("42", "bad_json", true),
        ("{\"op\":\"clock\"}", "bad_request", true),
        ("{\"id\":\"one\",\"op\":\"clock\"}", "bad_request", true),
        ("{\"id\":1.5,\"op\":\"clock\"}", "bad_request", true),
        ("{\"id\":99999999999999999999999,\"op\":\"clock\"}", "bad_request", true),
        ("{\"id\":3}", "bad_request", false),
        ("{\"id\":3,\"op\":17}", "bad_request", false),
        ("{\"id\":3,\"op\":\"warp_drive\"}", "unknown_op", false),
        ("{\"id\":3,\"op\":\"clock\"} trailing", "bad_json", true),
        ("{\"id\":3,\"op\":\"clock\"", "bad_json", true),
        ("", "bad_json", true),
        (String(repeating: "[", count: 5000), "bad_json", true),
        ("{\"id\":3,\"op\":\"load_model\",\"handle\":5,\"path\":\"/x\"}", "bad_request", false),
        ("{\"id\":3,\"op\":\"load_model\",\"handle\":\"m\"}", "bad_request", false),
        ("{\"id\":3,\"op\":\"run\",\"model\":\"m\",\"samples\":\"s\",\"queries\":\"all\"}", "not_found", false),
    ])
    func malformedLinesGetAnErrorAndTheAgentKeepsAnswering(line: String, code: String, nullID: Bool) throws {
        let agent = try AgentSession()
        try agent.sendLine(line)
        let reply = try agent.readReply()
        #expect(reply["ok"] as? Bool == false)
        #expect(reply.errorCode == code, "\(line.prefix(60)) → \(reply)")
        #expect(reply.hasNullID == nullID)
        #expect(try agent.request(["op": "clock"]).isOK)
    }

    @Test func invalidUTF8AndNULBytesAreBadJSON() throws {
        let agent = try AgentSession()
        try agent.sendLine(Data("{\"id\":1,\"op\":\"".utf8) + Data([0xC3, 0x28]) + Data("\"}".utf8))
        #expect(try agent.readReply().errorCode == "bad_json")
        try agent.sendLine(Data("{\"id\":1,\"op\":\"clock\"}".utf8) + Data([0]))
        #expect(try agent.readReply().errorCode == "bad_json")
        #expect(try agent.request(["op": "clock"]).isOK)
    }

    @Test func lineOver64MiBIsDiscardedAndAnswered() throws {
        let agent = try AgentSession()
        var huge = Data("{\"id\":1,\"op\":\"clock\",\"pad\":\"".utf8)
        huge.append(Data(repeating: UInt8(ascii: "x"), count: 70 * 1024 * 1024))
        huge.append(Data("\"}".utf8))
        try agent.sendLine(huge)
        let reply = try agent.readReply(timeout: 120)
        #expect(reply.errorCode == "line_too_long")
        #expect(reply.hasNullID)
        let after = try agent.request(["id": 55, "op": "clock"])
        #expect(after.isOK)
        #expect(after["id"] as? Int == 55)
    }

    @Test func clockIsMonotonic() throws {
        let agent = try AgentSession()
        let a = try agent.request(["op": "clock"])["mono_ns"] as? Int64 ?? -1
        let b = try agent.request(["op": "clock"])["mono_ns"] as? Int64 ?? -1
        #expect(a > 0)
        #expect(b >= a)
    }

    @Test func deviceInfoHasEveryField() throws {
        let agent = try AgentSession()
        let info = try agent.request(["op": "device_info"])
        #expect(info.isOK)
        for key in ["manufacturer", "model", "os", "os_version", "os_build", "kernel", "arch", "cpu", "hostname"] {
            let value = info[key] as? String
            #expect(value != nil && value != "", "\(key) missing or empty")
        }
        #expect((info["cores"] as? Int ?? 0) >= 1)
        #expect((info["memory_bytes"] as? Int64 ?? 0) > 0)
        #expect((info["accelerators"] as? [String])?.contains("cpu") == true)
        var u = utsname()
        uname(&u)
        let machine = withUnsafeBytes(of: u.machine) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        #expect(info["arch"] as? String == machine)
    }

    @Test func energyListsSourcesOrSaysUnsupported() throws {
        let agent = try AgentSession()
        let reply = try agent.request(["op": "energy"])
        if reply.isOK {
            let sources = reply["sources"] as? [[String: Any]] ?? []
            #expect(!sources.isEmpty)
            for s in sources {
                #expect(["energy_uj", "power_uw"].contains(s["kind"] as? String ?? ""))
                #expect(s["t_ns"] as? Int64 != nil)
            }
        } else {
            #expect(reply.errorCode == "unsupported")
        }
    }

    @Test func byeExitsZero() throws {
        let agent = try AgentSession()
        let reply = try agent.request(["op": "bye"])
        #expect(reply.isOK)
        #expect(try agent.waitForExit() == 0)
    }

    @Test func endOfInputExitsZero() throws {
        let agent = try AgentSession()
        try agent.closeInput()
        #expect(try agent.waitForExit() == 0)
    }
}
