import ChildProcesses
import Foundation
import TestSupport
import Testing

@testable import Harness

/// `Tools/peer/compare.py` times ONNX Runtime through the bridge and the device agent in the same run
/// as its own Python loop (the LoadGen-style peer), and prints the like-for-like ratios; an engine it
/// cannot run is shown with the reason and no figure.
@Suite(.serialized)
struct PeerCompareTests {
    struct Row: Decodable {
        let model: String
        let threads: Int
        let ortP50Ms: Double?
        let refAgentP50Ms: Double?
        let ortBridgeP50Ms: Double?
        let agentRatio: Double?
        let bridgeOverPython: Double?
        let ortBridgeError: String?
    }

    struct Table: Decodable {
        let rows: [Row]
    }

    static func compare(libs: String, folder: String) throws -> (table: Table, printed: String) {
        let json = (folder as NSString).appendingPathComponent("peer.json")
        let output = try Command(
            "/usr/bin/env",
            [
                "python3", "\(ProjectRoot.path)/Tools/peer/compare.py", "--only", "digits-fp32", "--threads", "1",
                "--rounds", "1",
                "--repeat", "3", "--agent", try AgentLocator.hostAgent(), "--libs", libs, "--json", json,
            ]
        ).run(timeout: 600)
        guard output.exit == .exited(0) else {
            throw BridgeBackendTests.BuildError(description: "compare.py failed (\(output.exit)): \(output.stderr)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try decoder.decode(Table.self, from: Data(contentsOf: URL(fileURLWithPath: json))), output.stdout)
    }

    @Test func onnxRuntimeIsTimedThroughTheBridgeBesideItsPythonLoop() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let libs = try BridgeBackendTests.library("onnxruntime")
        let (table, printed) = try Self.compare(libs: (libs as NSString).deletingLastPathComponent, folder: folder.path)
        let row = try #require(table.rows.first { $0.model == "digits-fp32" && $0.threads == 1 })
        #expect(row.ortBridgeError == nil)
        let bridge = try #require(row.ortBridgeP50Ms)
        let python = try #require(row.ortP50Ms)
        let reference = try #require(row.refAgentP50Ms)
        #expect(bridge > 0 && python > 0 && reference > 0)
        #expect(abs((row.agentRatio ?? 0) - reference / bridge) < 1e-9, "agent ratio = ref-agent / ort-bridge")
        #expect(abs((row.bridgeOverPython ?? 0) - bridge / python) < 1e-9, "bridge/py = ort-bridge / ort")
        #expect(printed.contains("ort-bridge") && printed.contains("bridge/py"), "\(printed)")
    }

    @Test func aMissingBridgeIsAReasonNotAFigure() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let (table, printed) = try Self.compare(libs: folder.path, folder: folder.path)
        let row = try #require(table.rows.first { $0.model == "digits-fp32" })
        #expect(row.ortBridgeP50Ms == nil)
        #expect(row.agentRatio == nil && row.bridgeOverPython == nil)
        #expect(row.ortBridgeError?.contains("no bridge at") == true, "\(row.ortBridgeError ?? "")")
        #expect(printed.contains("ort-bridge: no bridge at"), "\(printed)")
    }
}
