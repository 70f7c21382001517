/// Which devices and workloads a clause applies to (`applies_to` in a standard file).
public struct Applicability: Sendable, Hashable, Codable {
    /// The device classes the clause covers; any other class is `not-applicable`.
    public let deviceClasses: [DeviceClass]
    /// The workload kinds the clause is checked on, or `nil` for a device-level clause,
    /// which is checked once per run with no workload.
    public let workloadKinds: [WorkloadKind]?

    /// Creates an applicability.
    public init(deviceClasses: [DeviceClass], workloadKinds: [WorkloadKind]?) {
        self.deviceClasses = deviceClasses
        self.workloadKinds = workloadKinds
    }

    /// Whether the clause covers `deviceClass`.
    public func covers(_ deviceClass: DeviceClass) -> Bool {
        deviceClasses.contains(deviceClass)
    }

    /// Whether the clause is checked on workloads of `kind`; always `false` for a device-level clause.
    public func covers(_ kind: WorkloadKind) -> Bool {
        workloadKinds?.contains(kind) ?? false
    }

    /// Whether the clause is checked once per device rather than per workload.
    public var isDeviceLevel: Bool { workloadKinds == nil }

    enum CodingKeys: String, CodingKey {
        case deviceClasses = "device_classes"
        case workloadKinds = "workload_kinds"
    }
}
