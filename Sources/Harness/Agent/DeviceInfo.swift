/// What a device says about itself, as read by the agent (never invented: "unknown" when absent).
public struct DeviceInfo: Codable, Sendable, Equatable {
    public var manufacturer: String
    public var model: String
    public var os: String
    public var osVersion: String
    public var osBuild: String
    public var kernel: String
    public var arch: String
    public var cpu: String
    /// CPU cores; `nil` when the device cannot tell.
    public var cores: Int?
    /// Memory in bytes; `nil` when the device cannot tell.
    public var memoryBytes: UInt64?
    public var accelerators: [String]
    public var hostname: String

    enum CodingKeys: String, CodingKey {
        case manufacturer, model, os, osVersion, osBuild, kernel, arch, cpu, cores, memoryBytes, accelerators, hostname
    }

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
