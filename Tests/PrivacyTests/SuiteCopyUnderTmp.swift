import Foundation
import TestSupport

@testable import Harness

/// The shipped smartphone suite file and its digits workload folder copied into a fresh folder
/// under `/tmp` — a repository cloned there, which the agent's sandbox hides — with one more file
/// beside the models that no workload names (it must stay invisible to the agent). The suite's
/// other workloads' files are not copied: only the digits workloads are declared and run.
struct SuiteCopyUnderTmp {
    let folder: TemporaryFolder
    /// The copied suite, loaded: every path in it is under ``folder``.
    let suite: Suite
    /// The file beside the copied models.
    let beside: String

    init() throws {
        folder = try TemporaryFolder(under: "/tmp")
        let manager = FileManager.default
        let shipped = ProjectRoot.layout.suitesDirectory
        let digits = "\(folder.path)/Suites/workloads/digits"
        try manager.createDirectory(atPath: digits, withIntermediateDirectories: true)
        try manager.copyItem(atPath: "\(shipped)/smartphone.yaml", toPath: "\(folder.path)/Suites/smartphone.yaml")
        for name in try manager.contentsOfDirectory(atPath: "\(shipped)/workloads/digits") {
            try manager.copyItem(atPath: "\(shipped)/workloads/digits/\(name)", toPath: "\(digits)/\(name)")
        }
        beside = try folder.write("Suites/workloads/digits/beside-the-models.txt", "no workload names this file")
        suite = try SuiteLoader(suitesDirectory: "\(folder.path)/Suites").load("smartphone")
    }

    /// The copied digits workload `id`'s model.
    func model(_ id: String) throws -> String {
        guard let workload = suite.workloads.first(where: { $0.id == id }) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return workload.model.path
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder.path) }
}
