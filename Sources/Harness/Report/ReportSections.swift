import Conformance

/// The suite a report was produced with.
public struct SuiteSection: Codable, Sendable, Equatable {
    public let id: String
    public let version: String
    public let title: String
    public let sha256: String
    public let deviceClass: String
}

/// A standard file a report was scored against.
public struct StandardSection: Codable, Sendable, Equatable {
    public let id: String
    public let family: String
    public let version: String
    public let sha256: String
}

/// The mode and run rules of the run.
public struct ModeSection: Codable, Sendable, Equatable {
    public let name: String
    public let description: String
    public let runRulesVersion: String
    public let runRulesSha256: String
    public let rules: ModeRules
}

/// The device under test as the driver reached it and as it described itself.
public struct DeviceSection: Codable, Sendable, Equatable {
    public let spec: String
    public let deviceClass: String
    public let emulated: Bool
    public let info: DeviceInfo?
    /// What the driver knew: transport, emulator, architecture, agent binary digest, adb props.
    public let driver: DriverIdentity?
}

/// The lab that signed the report.
public struct LabSection: Codable, Sendable, Equatable {
    public let name: String
    /// SHA-256 of the signing key's SubjectPublicKeyInfo.
    public let keyId: String

    public init(name: String, keyId: String) {
        self.name = name
        self.keyId = keyId
    }
}

/// An energy meter used (or the lack of one).
public struct MeterSection: Codable, Sendable, Equatable {
    public let name: String
    public let kind: String
    public let uncertainty: String
    /// The instrument's identify reply (or the driver's description), when it was identified.
    public let model: String?
    /// Why the meter gave no figure at all (not reachable, refused), when so.
    public let unusable: String?

    /// Creates a meter entry.
    public init(name: String, kind: String, uncertainty: String, model: String? = nil, unusable: String? = nil) {
        self.name = name
        self.kind = kind
        self.uncertainty = uncertainty
        self.model = model
        self.unusable = unusable
    }
}
