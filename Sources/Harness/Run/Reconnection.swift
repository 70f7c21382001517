import Foundation

/// Reaches the device again after an outage, within the run rules' window, and checks that the
/// device that answers is the one the run started on.
struct Reconnection {
    let driver: any DeviceDriver
    let rules: OutageRules

    /// A client on a fresh, handshaken session and the seconds it took; or why there is none.
    func attempt(sameAs first: DeviceInfo?) -> Result<(client: AgentClient, seconds: Double), HarnessError> {
        let started = Date()
        var last = "no attempt"
        repeat {
            do {
                let client = AgentClient(transport: try driver.connect())
                do {
                    _ = try client.hello()
                    let info = try client.deviceInfo()
                    if let first, !Self.sameDevice(first, info) {
                        client.abandon()
                        return .failure(
                            HarnessError(
                                .deviceMisbehaved,
                                "after the outage another device answered (\(info.model) \(info.hostname), not \(first.model) "
                                    + "\(first.hostname)); the run ends here"))
                    }
                    return .success((client, Date().timeIntervalSince(started)))
                } catch {
                    last = error.message
                    client.abandon()
                }
            } catch {
                last = error.message
                if error.code == .agentRefused {
                    return .failure(
                        HarnessError(.deviceMisbehaved, "after the outage the device was refused: \(error.message)"))
                }
            }
            Thread.sleep(forTimeInterval: rules.reconnectIntervalS)
        } while Date().timeIntervalSince(started) < rules.reconnectWindowS
        return .failure(
            HarnessError(
                .deviceLost, "no reconnection within \(rules.reconnectWindowS) s (run rules); last attempt: \(last)"))
    }

    /// The fields that do not change while a device runs (not free memory, not load).
    static func sameDevice(_ a: DeviceInfo, _ b: DeviceInfo) -> Bool {
        a.model == b.model && a.osBuild == b.osBuild && a.kernel == b.kernel && a.arch == b.arch && a.cpu == b.cpu
            && a.cores == b.cores && a.hostname == b.hostname
    }
}
