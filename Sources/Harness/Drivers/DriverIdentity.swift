/// What a driver knows about the device from outside the agent, carried in the report next to the
/// agent's ``DeviceInfo``. A field is nil when this driver cannot know it — never guessed.
public struct DriverIdentity: Codable, Sendable, Equatable {
    /// The `--device` spec.
    public var spec: String
    /// How the agent is reached: `subprocess`, `tcp`, `qemu-user`, `adb`, `ssh`.
    public var transport: String
    /// Whether the device is an emulator.
    public var emulated: Bool
    /// The emulator and its version when emulated (`qemu-aarch64 version 7.2.x`).
    public var emulator: String?
    /// The CPU architecture the agent was built for (`aarch64`, `armhf`, `arm64-v8a`).
    public var architecture: String?
    /// The agent binary the driver started or pushed, and its SHA-256.
    public var agentBinary: String?
    /// SHA-256 of that binary.
    public var agentSHA256: String?
    /// Android properties (adb): `ro.product.manufacturer`, `ro.product.model`,
    /// `ro.build.fingerprint`, `ro.soc.model` (or `ro.board.platform`).
    public var manufacturer: String?
    /// `ro.product.model`.
    public var model: String?
    /// `ro.build.fingerprint`.
    public var osBuild: String?
    /// `ro.soc.model`, or `ro.board.platform` when that is absent.
    public var soc: String?
    /// The device's serial as the driver addressed it (adb: the `adb:SERIAL` serial).
    public var serial: String?
    /// The Android security patch level (`ro.build.version.security_patch`, e.g. `2024-05-01`).
    public var securityPatch: String?
    /// The ssh host key the device presented and ssh verified against known_hosts
    /// (`ssh-ed25519 SHA256:…`); ssh only.
    public var hostKey: String?
    /// The device key the agent proved at connect (`ed25519 SHA256:…`); tcp only.
    public var deviceKey: String?
    /// How the campaign placed this device on the harness machine's CPUs when others ran there too
    /// (pinned to disjoint CPUs, or shared and with what); nil when it did not share them.
    public var hostSharing: String?
    /// Battery power read by the driver when it connected (`power_supply/battery`), if readable.
    public var battery: BatteryReading?

    /// An identity with what the driver knows; the rest stays nil.
    public init(
        spec: String, transport: String, emulated: Bool, emulator: String? = nil, architecture: String? = nil,
        agentBinary: String? = nil, agentSHA256: String? = nil, manufacturer: String? = nil, model: String? = nil,
        osBuild: String? = nil, soc: String? = nil, serial: String? = nil,
        securityPatch: String? = nil, hostKey: String? = nil, deviceKey: String? = nil, battery: BatteryReading? = nil
    ) {
        self.spec = spec
        self.transport = transport
        self.emulated = emulated
        self.emulator = emulator
        self.architecture = architecture
        self.agentBinary = agentBinary
        self.agentSHA256 = agentSHA256
        self.manufacturer = manufacturer
        self.model = model
        self.osBuild = osBuild
        self.soc = soc
        self.serial = serial
        self.securityPatch = securityPatch
        self.hostKey = hostKey
        self.deviceKey = deviceKey
        self.battery = battery
    }
}
