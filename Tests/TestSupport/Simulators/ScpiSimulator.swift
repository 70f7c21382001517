import Foundation
import Locking
import Metering

/// An SCPI power analyzer on 127.0.0.1 answering from a ``PowerTrace``; `behaviour` can make a
/// given power query go silent, close the connection or answer garbage.
package final class ScpiSimulator: Sendable {
    /// What to do with one power query.
    package enum Action: Sendable {
        case answer, silent, close
        case reply(String)
    }

    package let trace: PowerTrace
    package let originNs: Int64
    package let powerQueries = Locked(0)
    private let stopped = Locked(false)
    private let server: LoopbackServer

    /// `behaviour` gets the power query's index (from 1) and the seconds since the origin.
    /// `identify` is the `*IDN?` reply; the voltage and current ranges answer `:INPUT:…:RANGE?`.
    package init(
        trace: PowerTrace = PowerTrace(), identify: String = "YOKOGAWA,WT310E,C2SIM0001,F1.03",
        voltsRange: String = "150.0E+00",
        ampsRange: String = "0.5E+00", behaviour: @escaping @Sendable (Int, Double) -> Action = { _, _ in .answer }
    ) throws {
        let originNs = HostClock.monotonicNs()
        self.trace = trace
        self.originNs = originNs
        let queries = powerQueries
        let stopped = self.stopped
        server = try LoopbackServer { connection, _ in
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline && !stopped.withLock({ $0 }) {
                let command: String
                do throws(MeterError) { command = try connection.readLine(timeoutMs: 100) } catch {
                    if error.code == .timeout { continue } else { return }
                }
                if command == "*IDN?" {
                    try? connection.sendLine(identify, timeoutMs: 500)
                } else if command == ":INPUT:VOLTAGE:RANGE?" {
                    try? connection.sendLine(voltsRange, timeoutMs: 500)
                } else if command == ":INPUT:CURRENT:RANGE?" {
                    try? connection.sendLine(ampsRange, timeoutMs: 500)
                } else if command.hasPrefix(":NUMERIC:NORMAL:VALUE?") || command.hasPrefix("MEAS:POW?") {
                    let index = queries.withLock { count -> Int in
                        count += 1
                        return count
                    }
                    let seconds = Double(HostClock.monotonicNs() - originNs) / 1e9
                    switch behaviour(index, seconds) {
                    case .answer:
                        try? connection.sendLine(String(format: "%.6E", trace.watts(at: seconds)), timeoutMs: 500)
                    case .silent: continue
                    case .close: return
                    case .reply(let text): try? connection.sendLine(text, timeoutMs: 500)
                    }
                }
            }
        }
    }

    package var port: Int { server.port }

    /// Seconds since the trace origin of a meter-host time.
    package func seconds(_ hostNs: Int64) -> Double { Double(hostNs - originNs) / 1e9 }

    package func stop() {
        stopped.withLock { $0 = true }
        server.stop()
    }
}
