/// A campaign device's state for the progress display.
public enum DeviceState: String, Sendable, Equatable {
    /// Preparing the driver (building or pushing the agent).
    case preparing
    case running
    case complete
    case incomplete
}
