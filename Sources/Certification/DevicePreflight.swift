import Harness

/// Prepares each device's driver and makes sure the device can be used before anything runs:
/// the driver can be built (agent found, cross-built or pushed), and a device whose agent is
/// already listening (`tcp://`) answers and accepts the session token.
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
                throw CertificationError(.setup, "device \(spec) cannot be used: \(error.message)")
            }
            if case .tcp = spec { try reach(driver) }
            drivers.append(driver)
        }
        return drivers
    }

    /// Connects, authenticates and says hello, then leaves the session.
    private func reach(_ driver: any DeviceDriver) throws(CertificationError) {
        do {
            let client = AgentClient(transport: try driver.connect())
            _ = try client.hello()
            client.bye()
        } catch {
            throw CertificationError(.setup, "device \(driver.spec) is not reachable: \(error.message)")
        }
    }
}
