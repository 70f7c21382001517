/// A CPU architecture the qemu driver can build the agent for and emulate.
public struct QemuArchitecture: Sendable, Equatable {
    /// The spec's name (`aarch64`, `armhf`).
    public let name: String
    /// The qemu-user program that runs it.
    public let emulator: String
    /// The GNU triplet of Debian's cross compiler.
    public let triplet: String

    /// Built with `Tools/cross/build-agent.sh` and validated by the driver tests.
    public static let supported: [QemuArchitecture] = [
        QemuArchitecture(name: "aarch64", emulator: "qemu-aarch64", triplet: "aarch64-linux-gnu"),
        QemuArchitecture(name: "armhf", emulator: "qemu-arm", triplet: "arm-linux-gnueabihf"),
    ]

    /// Debian 12 release architectures: json-c and a cross compiler exist, the harness has not
    /// been validated there yet.
    static let debianOnly = ["armel", "i386", "mips64el", "mipsel", "ppc64el", "s390x"]

    /// The architecture named `name`, or nil.
    public static func named(_ name: String) -> QemuArchitecture? {
        supported.first { $0.name == name || ($0.name == "aarch64" && name == "arm64") }
    }

    /// Why `name` cannot be used, or nil when it can.
    public static func unsupportedReason(_ name: String) -> String? {
        if named(name) != nil { return nil }
        let known = supported.map(\.name).joined(separator: ", ")
        if debianOnly.contains(name) {
            return
                "qemu:\(name): Debian 12 ships json-c and a cross compiler for \(name), but this harness has not been "
                + "validated there; supported: \(known) (to add it: Tools/cross/setup.sh, build-agent.sh, QemuArchitecture)"
        }
        return "qemu:\(name): Debian 12 ships no json-c for \(name) (not a Debian release architecture), so the agent "
            + "cannot be built for it; supported: \(known)"
    }
}
