import Foundation

/// An Android device over adb: pushes a static agent built for the device's ABI into a private
/// folder, forwards a port, starts the agent listening on the device's loopback with a fresh session
/// token, and removes everything at the end. Each session (a reconnection too) starts in an emptied
/// folder and pushes the agent and the files again.
///
/// The program is `AITC_ADB` or `adb`; the device folder's parent is `AITC_ADB_DEVICE_DIR` or
/// `/data/local/tmp`; `AITC_ADB_AGENT` replaces the agent build (e.g. for an x86_64 emulator image).
package struct AdbDriver: DeviceDriver {
    package let spec: DeviceSpec
    package let emulated = false
    let device: AdbDevice
    /// The agent pushed to the device.
    package let agentPath: String
    /// The device folder this session owns.
    package let deviceFolder: String
    /// What the device said about itself before the run.
    package let identityAtStart: DriverIdentity
    private let staged = StagedFiles()

    /// Reads the device's ABI and identity and finds (or builds) the agent for it. `environment`
    /// supplies the `AITC_ADB*` settings and is passed to the adb program.
    package static func prepare(
        serial: String, root: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> AdbDriver {
        let device = AdbDevice(
            serial: serial, program: environment["AITC_ADB"].flatMap { $0.isEmpty ? nil : $0 } ?? "adb",
            environment: environment)
        let answer = try device.adb.run(["-s", serial, "get-state"], timeout: 30, check: false)
        let state = answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.status == 0 else {
            let said = HostCommand.lastWords(answer.stderr)
            throw AgentError(
                .unreachable,
                "adb:\(serial): adb does not list this device (\(said.isEmpty ? "status \(answer.status)" : said)); "
                    + "check `adb devices`: the phone must be connected, with USB debugging on and this host authorized"
            )
        }
        guard state == "device" else {
            throw AgentError(
                .unreachable, "adb:\(serial) is '\(state)', not ready (authorize USB debugging on the phone)")
        }
        guard let abi = device.property("ro.product.cpu.abi") else {
            throw AgentError(.unreachable, "adb:\(serial): cannot read ro.product.cpu.abi")
        }
        let agent: String
        if let given = environment["AITC_ADB_AGENT"], !given.isEmpty {
            agent = given
        } else {
            guard let arch = AdbDevice.architecture(forABI: abi) else {
                throw AgentError(
                    .unreachable,
                    "adb:\(serial): no agent build for ABI \(abi) (supported: arm64-v8a, armeabi-v7a, x86_64); set AITC_ADB_AGENT"
                )
            }
            agent = try CrossBuild.staticAgent(arch: arch, root: root)
        }
        let parent = environment["AITC_ADB_DEVICE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/data/local/tmp"
        let identity = DriverIdentity(
            spec: DeviceSpec.adb(serial: serial).description, transport: "adb", emulated: false, architecture: abi,
            agentBinary: agent, agentSHA256: FileDigest.sha256(file: agent),
            manufacturer: device.property("ro.product.manufacturer"), model: device.property("ro.product.model"),
            osBuild: device.property("ro.build.fingerprint"),
            soc: device.property("ro.soc.model") ?? device.property("ro.board.platform"), serial: serial,
            securityPatch: device.property("ro.build.version.security_patch"), battery: device.battery())
        return AdbDriver(
            spec: .adb(serial: serial), device: device, agentPath: agent,
            deviceFolder: "\(parent)/aitc-\(UUID().uuidString.prefix(8).lowercased())", identityAtStart: identity)
    }

    package func connect() throws(AgentError) -> any AgentTransport {
        let token = SessionToken.generate()
        let tokenFile = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-token-\(UUID().uuidString)")
        _ = FileManager.default.createFile(
            atPath: tokenFile, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let port = try FreePort.find()
        let folder = deviceFolder
        let device = self.device
        let cleanUp: @Sendable () -> Void = {
            _ = try? device.run(["forward", "--remove", "tcp:\(port)"], timeout: 15)
            _ = try? device.shell("rm -rf \(folder)", timeout: 30)
        }
        do throws(AgentError) {
            // Every session starts in an emptied folder (a reconnection after an outage) and stages
            // its files again.
            _ = try device.shell(
                "rm -rf \(folder) && mkdir -p \(folder)/assets \(folder)/scratch && chmod 700 \(folder)")
            staged.forget()
            try device.run(["push", agentPath, "\(folder)/aitc-agent"], timeout: 300)
            try device.run(["push", tokenFile, "\(folder)/token"], timeout: 60)
            _ = try device.shell("chmod 755 \(folder)/aitc-agent && chmod 600 \(folder)/token")
            try device.run(["forward", "tcp:\(port)", "tcp:\(port)"], timeout: 15)
            let launcher = try AgentLauncher(
                device.adb,
                arguments: [
                    "-s", device.serial, "shell",
                    "\(folder)/aitc-agent --listen 127.0.0.1:\(port) --token-file \(folder)/token --sessions 1 --scratch \(folder)/scratch --root \(folder)/assets",
                ])
            let socket: SocketTransport
            do throws(AgentError) {
                socket = try SocketTransport(host: "127.0.0.1", port: port, token: token)
            } catch {
                launcher.stop()
                throw error
            }
            return TeardownTransport(socket) {
                launcher.stop()
                cleanUp()
            }
        } catch {
            cleanUp()
            throw error
        }
    }

    package func stage(_ file: AssetFile) throws(AgentError) -> String {
        let device = self.device
        return try staged.path(for: file, under: "\(deviceFolder)/assets") { (local, remote) throws(AgentError) in
            try device.run(["push", local, remote], timeout: 600)
        }
    }

    package func identity() -> DriverIdentity { identityAtStart }
}
