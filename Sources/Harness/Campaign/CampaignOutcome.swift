/// What a campaign produced for one device: its record (incomplete when the device failed or
/// vanished) and what the driver knew about it.
public struct CampaignOutcome: Sendable {
    public let spec: DeviceSpec
    /// Nil when the driver could not even be prepared.
    public internal(set) var identity: DriverIdentity?
    public let record: RunRecord
}
