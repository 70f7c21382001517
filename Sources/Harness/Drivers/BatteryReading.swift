/// One reading of a battery's `current_now` (µA) and `voltage_now` (µV) as the kernel reports them.
///
/// The sign of `current_now` differs between devices (charging vs discharging), so the power is
/// the magnitude; `charging` says whether a charger was attached (then the figure is not the
/// device's draw).
public struct BatteryReading: Codable, Sendable, Equatable {
    /// The battery's current as the kernel reports it, µA.
    public let currentMicroamps: Int64
    /// The battery's voltage, µV.
    public let voltageMicrovolts: Int64
    /// `power_supply/battery/status` (`Charging`, `Discharging`, `Full`, …) or nil if unreadable.
    public let status: String?

    /// A reading with the values the kernel gave.
    public init(currentMicroamps: Int64, voltageMicrovolts: Int64, status: String?) {
        self.currentMicroamps = currentMicroamps
        self.voltageMicrovolts = voltageMicrovolts
        self.status = status
    }

    /// |I| × V in watts.
    public var watts: Double {
        Double(currentMicroamps.magnitude) * 1e-6 * Double(voltageMicrovolts) * 1e-6
    }

    /// Whether a charger was feeding the battery.
    public var charging: Bool { status == "Charging" || status == "Full" }
}
