import Foundation

@testable import Metering

/// A PTDaemon-protocol server on 127.0.0.1 measuring a ``PowerTrace``, written from the protocol as
/// SPEC's harness and MLPerf power use it: `Identify` with SPEC's fields, `Reset`, `SR`, `Go`
/// (refused while a measurement runs, across connections), `Stop`, `Uncertainty` (none under
/// automatic ranging), `RL,*` and `RL,1` framed by `Last N samples`, lines without a mark whose
/// stamps are UTC on the daemon's clock, and whose Watts are the trace's average over the interval
/// each sample closes; −1/−2 marks as ``PtdBehaviour`` asks.
final class PtdSimulator: Sendable {
    let trace: PowerTrace
    let originNs: Int64
    let behaviour: PtdBehaviour
    private let stopped = Locked(false)
    private let measurement = Locked(Measurement())
    private let server: LoopbackServer

    struct Measurement: Sendable {
        var running = false
        var startNs: Int64 = 0
        var stopNs: Int64?
        var intervalNs: Int64 = 1_000_000_000
        var autoRanged = true
        var delivered = 0
        var sessions = 0
        var refusedGo = 0
    }

    init(trace: PowerTrace = PowerTrace(), behaviour: PtdBehaviour = PtdBehaviour()) throws {
        let originNs = HostClock.monotonicNs()
        self.trace = trace
        self.originNs = originNs
        self.behaviour = behaviour
        let stopped = self.stopped
        let measurement = self.measurement
        server = try LoopbackServer { connection, index in
            let deadline = Date().addingTimeInterval(120)
            var autoRanged = true
            while Date() < deadline && !stopped.withLock({ $0 }) {
                let command: String
                do throws(MeterError) { command = try connection.readLine(timeoutMs: 100) } catch {
                    if error.code == .timeout { continue } else { return }
                }
                let fields = command.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                var replies: [String] = []
                switch fields.first ?? "" {
                case "Hello": replies = [behaviour.greeting]
                case "Identify": replies = [behaviour.identify]
                case "Reset":
                    measurement.withLock { $0.running = false }
                    replies = ["Reset"]
                case "SR" where fields.count == 3:
                    if fields[1] == "V" || fields[1] == "A" { autoRanged = fields[2] == "Auto" }
                    replies = ["Range \(fields[1]) changed"]
                case "Go" where fields.count >= 3:
                    let refused = measurement.withLock { state -> Bool in
                        if state.running { state.refusedGo += 1; return true }
                        let interval = Int64(fields[1]) ?? 1000
                        state = Measurement(
                            running: true, startNs: HostClock.monotonicNs(), stopNs: nil, intervalNs: max(interval, 1) * 1_000_000,
                            autoRanged: autoRanged, delivered: 0, sessions: state.sessions + 1, refusedGo: state.refusedGo)
                        return false
                    }
                    replies = refused ? ["Error: measurement already running"] : ["Starting untimed measurement, maximum 500000 samples at \(fields[1])ms"]
                    if !refused && behaviour.dropFirstConnectionAfterGo && index == 2 {
                        try? connection.sendLine(replies[0], timeoutMs: 500)
                        return
                    }
                case "Stop":
                    measurement.withLock { state in
                        if state.running { state.stopNs = HostClock.monotonicNs() }
                        state.running = false
                    }
                    replies = ["Stopping untimed measurement"]
                case "Uncertainty":
                    let state = measurement.withLock { $0 }
                    let total = Self.available(state)
                    let bad = (1...max(total, 1)).filter { Self.mark(of: $0, behaviour) != nil }.count
                    replies = state.autoRanged
                        ? ["Uncertainty,-1,-1,-1,\(total),\(bad),0,\(total - bad)"]
                        : ["Uncertainty,\(behaviour.uncertainty),\(behaviour.uncertainty * 0.8),\(behaviour.uncertainty * 1.3),\(total),\(bad),\(total - bad),0"]
                case "RL" where fields.count == 2:
                    replies = Self.readLog(fields[1], measurement: measurement, trace: trace, originNs: originNs, behaviour: behaviour)
                case "Watts": replies = ["Watts,\(trace.watts(at: Double(HostClock.monotonicNs() - originNs) / 1e9))"]
                default: replies = ["Error: unknown command \(command)"]
                }
                for reply in replies { try? connection.sendLine(reply, timeoutMs: 500) }
            }
        }
    }

    var port: Int { server.port }

    /// Go commands refused because a measurement was still running.
    var refusedGo: Int { measurement.withLock { $0.refusedGo } }

    func seconds(_ hostNs: Int64) -> Double { Double(hostNs - originNs) / 1e9 }

    func stop() {
        stopped.withLock { $0 = true }
        server.stop()
    }

    /// Samples closed so far (sample k closes the interval ending at start + k × interval).
    private static func available(_ state: Measurement) -> Int {
        let until = state.running ? HostClock.monotonicNs() : (state.stopNs ?? state.startNs)
        return Int(max(0, until - state.startNs) / state.intervalNs)
    }

    private static func mark(of index: Int, _ behaviour: PtdBehaviour) -> Int? {
        if behaviour.errorEvery > 0 && index % behaviour.errorEvery == 0 { return -1 }
        if behaviour.missedEvery > 0 && index % behaviour.missedEvery == 0 { return -2 }
        return nil
    }

    /// `RL,*`: every unread sample; `RL,1`: the latest one, waiting up to one interval for a new one.
    private static func readLog(
        _ count: String, measurement: Locked<Measurement>, trace: PowerTrace, originNs: Int64, behaviour: PtdBehaviour
    ) -> [String] {
        var state = measurement.withLock { $0 }
        if count == "1" {
            let waitUntil = HostClock.monotonicNs() + state.intervalNs
            while available(state) <= state.delivered && HostClock.monotonicNs() < waitUntil {
                usleep(2_000)
                state = measurement.withLock { $0 }
            }
        }
        let last = available(state)
        let first = count == "1" ? max(last, 1) : state.delivered + 1
        guard last >= first else { return ["Last 0 samples"] }
        measurement.withLock { $0.delivered = max($0.delivered, last) }
        let wallToMono = HostClock.wallToMonotonicNs()
        var lines: [String] = []
        for index in first...last {
            let endNs = state.startNs + Int64(index) * state.intervalNs
            let stampNs = endNs - wallToMono + Int64(behaviour.clockAheadMs * 1e6)
            let from = Double(endNs - state.intervalNs - originNs) / 1e9
            let to = Double(endNs - originNs) / 1e9
            let watts = mark(of: index, behaviour).map(Double.init) ?? trace.joules(from: from, to: to) / (to - from)
            let volts = watts < 0 ? -1 : 230.0
            let amps = watts < 0 ? -1 : watts / 230
            lines.append("Time,\(WallClockText.format(nanoseconds: stampNs)),Watts,\(watts),Volts,\(volts),Amps,\(amps),PF,1.0")
        }
        let header = "Last \(lines.count + (count == "*" ? behaviour.headerCountError : 0)) samples"
        return [header] + lines + (count == "*" ? behaviour.trailingLines : [])
    }
}
