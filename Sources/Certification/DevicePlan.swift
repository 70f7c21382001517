import Harness

/// The dry run's answer for one device: the rows known in advance not to pass or fail.
public struct DevicePlan: Sendable, Equatable {
    /// The device.
    public let device: DeviceSpec
    /// Rows that will be not applicable or inconclusive, in suite clause order.
    public let rows: [PlannedRow]
}
