import Foundation

@testable import Metering

/// A PTDaemon-protocol server on 127.0.0.1 logging a ``PowerTrace`` at the `Go` interval; on `RL`
/// it sends the logged lines, plus `extraLines` (garbage, other marks) to test the parser.
final class PtdSimulator: Sendable {
    let trace: PowerTrace
    let originNs: Int64
    private let stopped = Locked(false)
    private let server: LoopbackServer

    init(trace: PowerTrace = PowerTrace(), greeting: String = "Hello, PTDaemon here!", extraLines: [String] = []) throws {
        let originNs = HostClock.monotonicNs()
        self.trace = trace
        self.originNs = originNs
        let stopped = self.stopped
        server = try LoopbackServer { connection, _ in
            var go: (startNs: Int64, intervalMs: Int, label: String)?
            var stopNs: Int64?
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline && !stopped.withLock({ $0 }) {
                let command: String
                do throws(MeterError) { command = try connection.readLine(timeoutMs: 100) } catch {
                    if error.code == .timeout { continue } else { return }
                }
                let fields = command.split(separator: ",").map(String.init)
                var replies: [String] = []
                switch fields.first ?? "" {
                case "Hello": replies = [greeting]
                case "Identify": replies = ["AITC PTD simulator, WT-SIM"]
                case "RR": replies = ["Ranges,1,20,1,300"]
                case "SR": replies = ["Range set"]
                case "Go" where fields.count == 4:
                    go = (HostClock.monotonicNs(), Int(fields[1]) ?? 1000, fields[3])
                    replies = ["Starting untimed measurement, maximum 500000 samples at \(fields[1])ms"]
                case "Stop":
                    stopNs = HostClock.monotonicNs()
                    replies = ["Stopping untimed measurement"]
                case "RL":
                    if let go, let stopNs { replies = Self.log(trace, originNs: originNs, go: go, stopNs: stopNs) }
                    replies += extraLines
                case "Uncertainty": replies = ["Uncertainty,0.0012,Watts"]
                case "Watts": replies = ["Watts,\(trace.watts(at: Double(HostClock.monotonicNs() - originNs) / 1e9))"]
                default: replies = ["Error: unknown command \(command)"]
                }
                for reply in replies { try? connection.sendLine(reply, timeoutMs: 500) }
            }
        }
    }

    var port: Int { server.port }

    func seconds(_ hostNs: Int64) -> Double { Double(hostNs - originNs) / 1e9 }

    func stop() {
        stopped.withLock { $0 = true }
        server.stop()
    }

    /// Lines for every interval between `Go` and `Stop`, stamped in whole milliseconds of wall time.
    private static func log(_ trace: PowerTrace, originNs: Int64, go: (startNs: Int64, intervalMs: Int, label: String), stopNs: Int64) -> [String] {
        let wallToMono = HostClock.wallToMonotonicNs()
        var lines: [String] = []
        var wallMs = (go.startNs - wallToMono) / 1_000_000 + Int64(go.intervalMs)
        while wallMs * 1_000_000 + wallToMono < stopNs && lines.count < 100_000 {
            let monoNs = wallMs * 1_000_000 + wallToMono
            let watts = trace.watts(at: Double(monoNs - originNs) / 1e9)
            let amps = watts / 230
            lines.append("Time,\(WallClockText.format(nanoseconds: wallMs * 1_000_000)),Watts,\(watts),Volts,230.0,Amps,\(amps),PF,1.0,Mark,\(go.label)")
            wallMs += Int64(go.intervalMs)
        }
        return lines
    }
}
