/// What a campaign produced for one device: its record (incomplete when the device failed or
/// vanished) and what the driver knew about it.
public struct CampaignOutcome: Sendable {
    /// The device as `--device` named it.
    public let spec: DeviceSpec
    /// Nil when the driver could not even be prepared.
    public internal(set) var identity: DriverIdentity?
    /// What its run measured; incomplete, with the reason, when it did not finish.
    public let record: RunRecord
}
