/// A class of AI terminal a clause can apply to, such as `smartphone` or `vehicle-cockpit`.
///
/// The list names what the harness knows how to plan for, not what passes: thresholds per class
/// live in the standard files. Creating a value validates it against ``DeviceClass/known``.
public struct DeviceClass: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The class name as written in standard files and reports, e.g. `smart-home`.
    public let rawValue: String

    /// Creates a device class, or `nil` when `rawValue` is not one of ``DeviceClass/known``.
    public init?(rawValue: String) {
        guard Self.knownNames.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Phones.
    public static let smartphone = DeviceClass(unchecked: "smartphone")
    /// Tablets.
    public static let tablet = DeviceClass(unchecked: "tablet")
    /// Laptops and desktop computers.
    public static let pc = DeviceClass(unchecked: "pc")
    /// Mains-powered appliances, smart speakers and hubs.
    public static let smartHome = DeviceClass(unchecked: "smart-home")
    /// Watches, bands, earphones and other body-worn devices.
    public static let wearable = DeviceClass(unchecked: "wearable")
    /// Smart glasses and headsets.
    public static let xrGlasses = DeviceClass(unchecked: "xr-glasses")
    /// Household service robots.
    public static let serviceRobot = DeviceClass(unchecked: "service-robot")
    /// Toys with on-device AI.
    public static let toy = DeviceClass(unchecked: "toy")
    /// In-vehicle cockpit systems.
    public static let vehicleCockpit = DeviceClass(unchecked: "vehicle-cockpit")

    /// Every device class the harness knows, in the order the format document lists them.
    public static let known: [DeviceClass] = [
        .smartphone, .tablet, .pc, .smartHome, .wearable, .xrGlasses, .serviceRobot, .toy, .vehicleCockpit,
    ]

    private static let knownNames: Set<String> = [
        "smartphone", "tablet", "pc", "smart-home", "wearable", "xr-glasses", "service-robot", "toy",
        "vehicle-cockpit",
    ]

    /// The class name.
    public var description: String { rawValue }

    /// Orders classes by name, so that reports list them stably.
    public static func < (lhs: DeviceClass, rhs: DeviceClass) -> Bool { lhs.rawValue < rhs.rawValue }
}
