import Harness

/// What a maker declares about a device's data handling (like PICS/ICS in Matter and the ICS of
/// ETSI EN 303 645): the privacy audit tests these claims, never more.
package struct DeviceDeclaration: Sendable, Equatable {
    /// Device name (`local`, a model name).
    package let name: String
    /// Device class from the standards vocabulary; must equal the suite's.
    package let deviceClass: String
    /// Suite workload ids the maker declares to run entirely on the device.
    package let onDeviceWorkloads: [String]
    /// Whether the device has telemetry and what consent it starts with.
    package let telemetry: TelemetryDeclaration
    /// How user data is erased.
    package let erase: EraseMethod
    /// Writable storage locations to search for residue (absolute paths on the device).
    package let storage: [String]
    /// Log locations to search for residue.
    package let logs: [String]
    /// Absolute path of the declaration file.
    package let path: String

    /// The token in `storage`/`logs` that stands for the agent's scratch directory parent.
    package static let agentScratchToken = "$AGENT_SCRATCH"

    /// Creates a declaration.
    package init(
        name: String, deviceClass: String, onDeviceWorkloads: [String], telemetry: TelemetryDeclaration,
        erase: EraseMethod, storage: [String], logs: [String], path: String
    ) {
        self.name = name
        self.deviceClass = deviceClass
        self.onDeviceWorkloads = onDeviceWorkloads
        self.telemetry = telemetry
        self.erase = erase
        self.storage = storage
        self.logs = logs
        self.path = path
    }
}

extension DeviceDeclaration {
    /// The declared storage and log folders, `$AGENT_SCRATCH` resolved to `scratch`, plus `scratch`.
    func writablePaths(scratch: String) -> [String] {
        var roots = (storage + logs).map { $0.replacingOccurrences(of: Self.agentScratchToken, with: scratch) }
        if !roots.contains(scratch) { roots.append(scratch) }
        return roots
    }
}
