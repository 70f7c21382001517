import ArgumentParser
import Foundation
import Harness

/// `aitc devices probe SPEC`: connect, handshake, and print what the agent and the driver say.
struct DevicesProbe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract:
            "Connect to a device and print the agent handshake, its device_info and the driver's identity (JSON).",
        discussion: "Exit status: 0 reached, 2 the device could not be reached, 64 misuse.")

    @Argument(help: "Device: local, tcp://HOST:PORT[?token_file=PATH], qemu:ARCH, adb:SERIAL, ssh://USER@HOST[:PORT].")
    var device: String

    func run() throws {
        let spec: DeviceSpec
        do { spec = try DeviceSpec(parsing: device) } catch { throw ValidationError(error.description) }
        do {
            let driver = try DriverFactory.driver(for: spec)
            let client = AgentClient(transport: try driver.connect())
            defer { client.bye() }
            let probe = Probe(hello: try client.hello(), deviceInfo: try client.deviceInfo(), driver: driver.identity())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(probe), as: UTF8.self))
        } catch let error as AgentError {
            // The drivers' sentences mostly name the device already (`adb:X: adb does not list…`).
            printError(
                error.message.hasPrefix("\(spec)") ? "aitc: \(error.message)" : "aitc: \(spec): \(error.message)")
            throw ExitCode(2)
        }
    }

    /// What `probe` prints.
    struct Probe: Encodable {
        let hello: AgentHello
        let deviceInfo: DeviceInfo
        let driver: DriverIdentity
    }
}
