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
    public var cores: Int
    public var memoryBytes: UInt64
    public var accelerators: [String]
    public var hostname: String
}
