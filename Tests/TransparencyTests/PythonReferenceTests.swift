import Foundation
import Testing

@testable import Transparency

/// The Swift tree against an independent Python implementation written from RFC 9162's recursive
/// definitions (Tools/registry/merkle_reference.py): every root, audit path and consistency proof
/// up to 70 leaves.
@Suite struct PythonReferenceTests {
    struct Reference: Decodable {
        let roots: [String]
        let inclusion: [String: [String]]
        let consistency: [String: [String]]
    }

    @Test func everyProofUpToSeventyLeavesMatchesPython() throws {
        let count = 70
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("Tools/registry/merkle_reference.py").path, String(count),
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let reference = try JSONDecoder().decode(Reference.self, from: output)
        let tree = MerkleTree(leafHashes: (0..<count).map { MerkleHash.leaf(Array("leaf-\($0)".utf8)) })
        #expect(reference.roots.count == count + 1)
        for size in 0...count {
            #expect(try tree.rootHash(treeSize: UInt64(size)) == hex(reference.roots[size]))
        }
        #expect(reference.inclusion.count == count * (count + 1) / 2)
        for (key, path) in reference.inclusion {
            let parts = key.split(separator: "/").map { UInt64($0)! }
            #expect(try tree.inclusionProof(leafIndex: parts[0], treeSize: parts[1]).path == path.map(hex), "\(key)")
        }
        #expect(reference.consistency.count == count * (count - 1) / 2)
        for (key, path) in reference.consistency {
            let parts = key.split(separator: "/").map { UInt64($0)! }
            #expect(try tree.consistencyProof(oldSize: parts[0], newSize: parts[1]).path == path.map(hex), "\(key)")
        }
    }
}
