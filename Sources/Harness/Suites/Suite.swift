import Conformance

/// A suite: the workloads and clauses that certify one device class.
public struct Suite: Sendable, Equatable {
    /// The suite's id (`smartphone-core`), named in reports and on the command line.
    public let id: String
    /// The suite's version, recorded in every report.
    public let version: String
    /// A title for people.
    public let title: String
    /// The device class the suite certifies, parsed once when the suite is loaded.
    public let deviceClass: DeviceClass
    /// Clause ids (from `Standards/`) the suite applies.
    public let clauses: [String]
    /// The workloads, in the order they run.
    public let workloads: [Workload]
    /// Absolute path of the suite file.
    public let path: String
    /// SHA-256 of the suite file's bytes.
    public let sha256: String
}
