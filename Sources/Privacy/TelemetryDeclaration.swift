import Harness

/// The telemetry a device declares: whether it exists and whether consent starts off.
package struct TelemetryDeclaration: Sendable, Equatable {
    /// Whether the device has any telemetry at all.
    package let present: Bool
    /// Whether telemetry consent is off until the user gives it.
    package let consentOffByDefault: Bool

    /// Creates a telemetry declaration.
    package init(present: Bool, consentOffByDefault: Bool) {
        self.present = present
        self.consentOffByDefault = consentOffByDefault
    }
}
