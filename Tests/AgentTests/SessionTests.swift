import Foundation
import Testing

@Suite("erase and scratch directory")
struct SessionTests {
    @Test func eraseDropsModelsAndSampleSets() throws {
        let fx = try EchoFixture()
        let erased = try fx.agent.request(["op": "erase"])
        #expect(erased.isOK)
        #expect(erased["erased"] as? Bool == true)
        #expect(try fx.run(["queries": [0]]).errorCode == "not_found")
        #expect(try fx.loadSamples("s9", "/dev/null").errorCode == "not_found")
    }

    @Test func scratchDirectoryIsPrivateEmptiedAndRemoved() throws {
        let parent = try TemporaryFolder()
        let agent = try AgentSession(arguments: ["--scratch", parent.path])
        let created = try FileManager.default.contentsOfDirectory(atPath: parent.path)
        #expect(created.count == 1 && created[0].hasPrefix("aitc-agent-"))
        if let dir = created.first {
            let scratch = (parent.path as NSString).appendingPathComponent(dir)
            try Data("x".utf8).write(to: URL(fileURLWithPath: scratch + "/leftover.bin"))
            try FileManager.default.createDirectory(atPath: scratch + "/sub/deeper", withIntermediateDirectories: true)
            #expect(try agent.request(["op": "erase"]).isOK)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        }
        #expect(try agent.request(["op": "bye"]).isOK)
        #expect(try agent.waitForExit() == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func unusableScratchParentIsAStartupError() throws {
        let agent = try AgentSession(handshake: false, arguments: ["--scratch", "/no/such/parent"])
        #expect(try agent.waitForExit() == 2)
    }
}
