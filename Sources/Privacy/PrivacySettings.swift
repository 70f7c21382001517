import Harness

/// What the command line decided about the privacy audit, shared by every device of a
/// certification: each device's ``PrivacyInstrument`` is built from it.
public struct PrivacySettings: Sendable {
    /// False with `--privacy off`.
    public var enabled: Bool
    /// `--declaration NAME|PATH`; nil: `local-<device class>.yaml`, else `local`, for the local device.
    public var declaration: String?
    /// `Suites/devices`.
    public var devicesDirectory: String
    /// The report folder; each audit works in a fresh `privacy-<id>` folder below it.
    public var out: String
    /// PRV-01's relative output tolerance: the mode's `audits.output_tolerance` (0, an exact
    /// comparison, when the mode runs no audits).
    public var outputTolerance: Double
    /// How a remote device's link is observed (gateway interface or lab pcap); nil: not observed.
    public var capture: PrivacyCaptureSource?
    /// The remote device's addresses on that link.
    public var deviceAddresses: [String]
    /// `--privacy-capture DURATION` (gateway mode): the capture starts before the run and lasts at
    /// least this many seconds, and all of it is judged (``LongCapture``); nil: the session only.
    public var captureSeconds: Double?
    /// Extra environment for a local or emulated agent, given the endpoints of its namespace (the
    /// fixtures' sink in tests); empty in a certification.
    package var agentEnvironment: @Sendable (PrivacyEndpoints) -> [String: String] = { _ in [:] }

    /// Creates the settings.
    public init(
        enabled: Bool, declaration: String?, devicesDirectory: String, out: String, outputTolerance: Double,
        capture: PrivacyCaptureSource? = nil, deviceAddresses: [String] = []
    ) {
        self.enabled = enabled
        self.declaration = declaration
        self.devicesDirectory = devicesDirectory
        self.out = out
        self.outputTolerance = outputTolerance
        self.capture = capture
        self.deviceAddresses = deviceAddresses
    }

    /// Whether `device`'s agent runs on this machine, so the audit isolates it itself (network
    /// namespace and sandbox): the local agent, and a cross-built agent under qemu-user.
    public static func runsInTheSandbox(_ device: DeviceSpec) -> Bool {
        switch device {
        case .local, .qemu: return true
        case .tcp, .adb, .ssh: return false
        }
    }

    /// Why the privacy figures of `device` will be absent whatever the device does, or nil.
    public func absenceReason(on device: DeviceSpec) -> String? {
        guard enabled else { return "the privacy audit was turned off (--privacy off)" }
        guard Self.runsInTheSandbox(device) || capture != nil else {
            return
                "the privacy audit isolates the local device and emulated (qemu) devices only; for \(device), observe its link "
                + "through the lab gateway (--privacy-interface IFACE or --privacy-pcap FILE, with --device-address IP; Docs/privacy.md)"
        }
        return nil
    }
}
