import Harness

/// Prepares each device's driver and makes sure the device can be used before anything runs: the
/// driver can be built (agent found, cross-built or pushed; for adb and ssh the device answered and
/// accepted the login), and one short session reaches the agent on the device — connected,
/// authenticated where the channel has a token (tcp, adb), the agent started and answering `hello`
/// (local and qemu start it, ssh copies and runs it, adb pushes and runs it).
struct DevicePreflight: Sendable {
    let makeDriver: @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver

    /// One driver per device, in order.
    func prepare(_ devices: [DeviceSpec]) throws(CertificationError) -> [any DeviceDriver] {
        var seen: Set<String> = []
        for spec in devices where !seen.insert(spec.description).inserted {
            throw CertificationError(.setup, "device \(spec) is given twice; certify each device once")
        }
        var drivers: [any DeviceDriver] = []
        for spec in devices {
            let driver: any DeviceDriver
            do { driver = try makeDriver(spec) } catch {
                throw CertificationError(.setup, "device \(spec) cannot be used: \(Self.oneLine(error.message))")
            }
            try reach(driver, as: spec)
            drivers.append(driver)
        }
        return drivers
    }

    /// Connects (starting the agent the way the run will), says hello, then leaves the session;
    /// closing the transport tears down what the driver set up.
    private func reach(_ driver: any DeviceDriver, as spec: DeviceSpec) throws(CertificationError) {
        let transport: any AgentTransport
        do { transport = try driver.connect() } catch {
            throw CertificationError(.setup, "device \(spec) is not reachable: \(Self.oneLine(error.message))")
        }
        do {
            let client = AgentClient(transport: transport)
            _ = try client.hello()
            client.bye()
        } catch {
            // The agent (or ssh, qemu) may have said why on its stderr: give its last words too.
            transport.close()
            let said = transport.diagnosticTail().split(separator: "\n").last { !$0.isEmpty }.map(String.init)
            let words = said.map { error.message.contains($0) ? "" : "; it said: \($0)" } ?? ""
            throw CertificationError(
                .setup,
                "device \(spec) is not reachable: its agent did not answer: \(Self.oneLine(error.message + words))")
        }
    }

    /// `text` on one line (tools' own words may span several).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
