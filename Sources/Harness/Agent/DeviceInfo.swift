/// What a device says about itself, as read by the agent (never invented: "unknown" when absent).
public struct DeviceInfo: Codable, Sendable, Equatable {
    /// The manufacturer the device names.
    public var manufacturer: String
    /// The model the device names.
    public var model: String
    /// The operating system's name.
    public var os: String
    /// The operating system's version.
    public var osVersion: String
    /// The operating system's build identifier.
    public var osBuild: String
    /// The kernel release.
    public var kernel: String
    /// The CPU architecture (`x86_64`, `aarch64`).
    public var arch: String
    /// The CPU model name.
    public var cpu: String
    /// CPU cores; `nil` when the device cannot tell.
    public var cores: Int?
    /// Memory in bytes; `nil` when the device cannot tell.
    public var memoryBytes: UInt64?
    /// The accelerators the agent found: `cpu` always, then the GPUs and NPUs it sees.
    public var accelerators: [String]
    /// The device's host name.
    public var hostname: String

    enum CodingKeys: String, CodingKey {
        case manufacturer, model, os, osVersion, osBuild, kernel, arch, cpu, cores, memoryBytes, accelerators, hostname
    }

    /// Reads the agent's `info` reply; a field the agent left out is "unknown" (or nil), never invented.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        manufacturer = try c.decode(String.self, forKey: .manufacturer)
        model = try c.decode(String.self, forKey: .model)
        os = try c.decode(String.self, forKey: .os)
        osVersion = try c.decode(String.self, forKey: .osVersion)
        osBuild = try c.decode(String.self, forKey: .osBuild)
        kernel = try c.decode(String.self, forKey: .kernel)
        arch = try c.decode(String.self, forKey: .arch)
        cpu = try c.decode(String.self, forKey: .cpu)
        // The agent sends the string "unknown" for a count it cannot read.
        cores = try? c.decode(Int.self, forKey: .cores)
        memoryBytes = try? c.decode(UInt64.self, forKey: .memoryBytes)
        accelerators = try c.decode([String].self, forKey: .accelerators)
        hostname = try c.decode(String.self, forKey: .hostname)
    }
}
