import ArgumentParser

/// `aitc devices`: reach devices through their drivers.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reach devices through their drivers (local, tcp://, qemu:, adb:, ssh://).",
        subcommands: [DevicesProbe.self])
}
