import Harness

/// The telemetry a device declares: whether it exists and whether consent starts off.
package struct TelemetryDeclaration: Sendable, Equatable {
    /// Whether the device has any telemetry at all.
    public let present: Bool
    /// Whether telemetry consent is off until the user gives it.
    public let consentOffByDefault: Bool

    /// Creates a telemetry declaration.
    public init(present: Bool, consentOffByDefault: Bool) {
        self.present = present
        self.consentOffByDefault = consentOffByDefault
    }
}
