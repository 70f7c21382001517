import Foundation
import Locking
import Metering

/// A PTDaemon-protocol server on 127.0.0.1 measuring a ``PowerTrace``, written from the protocol as
/// MLPerf power's published server (mlcommons/power-dev, `ptd_client_server/lib/server.py`) drives
/// PTDaemon: `Hello`, `Identify`, `Reset`, `SR,V|A,<range|Auto>`, `Go,<ms>,0[,<label>]` (refused while
/// a measurement runs, across connections), `Stop`, `RL,*,*` (the sum then every channel on a
/// multi-channel analyzer, `Invalid number of parameters` on a single-channel one), `RL` (the
/// unread samples), `Uncertainty` (none under automatic ranging), `Watts`; replies framed by
/// `Last N samples`; lines without a mark whose stamps are UTC on the daemon's (skewed, drifting)
/// clock and whose Watts are the trace's average over the interval each sample closes; −1/−2 marks
/// as ``PtdBehaviour`` asks. `RL,1` (the latest sample, waiting up to one interval for a new one)
/// is what the client's clock measurement assumes; the public MLPerf code does not use it.
package final class PtdSimulator: Sendable {
    package let trace: PowerTrace
    package let originNs: Int64
    package let behaviour: PtdBehaviour
    private let stopped = Locked(false)
    private let measurement = Locked(Measurement())
    private let commands = Locked<[String]>([])
    private let dropped = Locked(false)
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

    package init(trace: PowerTrace = PowerTrace(), behaviour: PtdBehaviour = PtdBehaviour()) throws {
        let originNs = HostClock.monotonicNs()
        self.trace = trace
        self.originNs = originNs
        self.behaviour = behaviour
        let stopped = self.stopped
        let measurement = self.measurement
        let commands = self.commands
        let dropped = self.dropped
        server = try LoopbackServer { connection, _ in
            let deadline = Date().addingTimeInterval(600)
            var autoRanged = true
            while Date() < deadline && !stopped.withLock({ $0 }) {
                let command: String
                do throws(MeterError) { command = try connection.readLine(timeoutMs: 100) } catch {
                    if error.code == .timeout { continue } else { return }
                }
                commands.withLock { $0.append(command) }
                let fields = command.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                var replies: [String] = []
                switch fields.first ?? "" {
                case "Hello": replies = [behaviour.greeting]
                case "Identify": replies = [behaviour.identifyReply]
                case "Reset":
                    measurement.withLock { $0.running = false }
                    replies = ["Reset"]
                case "SR" where fields.count == 3:
                    if fields[1] == "V" || fields[1] == "A" { autoRanged = fields[2] == "Auto" }
                    replies = ["Range \(fields[1]) changed"]
                case "Go" where fields.count >= 3:
                    let refused = measurement.withLock { state -> Bool in
                        if state.running {
                            state.refusedGo += 1
                            return true
                        }
                        let interval = Int64(fields[1]) ?? 1000
                        state = Measurement(
                            running: true, startNs: HostClock.monotonicNs(), stopNs: nil,
                            intervalNs: max(interval, 1) * 1_000_000,
                            autoRanged: autoRanged, delivered: 0, sessions: state.sessions + 1,
                            refusedGo: state.refusedGo)
                        return false
                    }
                    replies =
                        refused
                        ? ["Error: measurement already running"]
                        : ["Starting untimed measurement, maximum 500000 samples at \(fields[1])ms"]
                    let drop =
                        !refused && behaviour.dropFirstConnectionAfterGo && fields.count >= 4
                        && dropped.withLock { done in
                            defer { done = true }
                            return !done
                        }
                    if drop {
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
                    let bad = total == 0 ? 0 : (1...total).filter { Self.marked(index: $0, behaviour) }.count
                    replies =
                        state.autoRanged
                        ? ["Uncertainty,-1,-1,-1,\(total),\(bad),0,\(total - bad)"]
                        : [
                            "Uncertainty,\(behaviour.uncertainty),\(behaviour.uncertainty * 0.8),\(behaviour.uncertainty * 1.3),\(total),\(bad),\(total - bad),0"
                        ]
                case "RL" where fields == ["RL", "*", "*"]:
                    replies =
                        behaviour.channels > 1
                        ? Self.readLog(
                            nil, measurement: measurement, trace: trace, originNs: originNs, behaviour: behaviour,
                            allChannels: true)
                        : ["Invalid number of parameters"]
                case "RL" where fields.count <= 2:
                    replies = Self.readLog(
                        fields.count == 2 ? fields[1] : nil, measurement: measurement, trace: trace, originNs: originNs,
                        behaviour: behaviour,
                        allChannels: false)
                case "Watts": replies = ["Watts,\(trace.watts(at: Double(HostClock.monotonicNs() - originNs) / 1e9))"]
                default: replies = ["Error: unknown command \(command)"]
                }
                for reply in replies { try? connection.sendLine(reply, timeoutMs: 500) }
            }
        }
    }

    package var port: Int { server.port }

    /// Go commands refused because a measurement was still running.
    package var refusedGo: Int { measurement.withLock { $0.refusedGo } }

    /// Every command received so far, in order.
    package var received: [String] { commands.withLock { $0 } }

    /// Seconds since the trace origin of a meter-host time.
    package func seconds(_ hostNs: Int64) -> Double { Double(hostNs - originNs) / 1e9 }

    /// The daemon host's clock minus this host's at a meter-host time, in ns.
    package func clockAheadNs(at hostNs: Int64) -> Double {
        (behaviour.clockAheadMs + behaviour.clockDriftMsPerSecond * seconds(hostNs)) * 1e6
    }

    package func stop() {
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

    private static func channelMarked(index: Int, _ behaviour: PtdBehaviour) -> Bool {
        behaviour.channels > 1 && behaviour.channelErrorEvery > 0 && index % behaviour.channelErrorEvery == 0
    }

    private static func marked(index: Int, _ behaviour: PtdBehaviour) -> Bool {
        mark(of: index, behaviour) != nil || channelMarked(index: index, behaviour)
    }

    /// `RL,1`: the latest sample (waiting up to one interval for a new one, or not, as
    /// ``PtdBehaviour/rlOne`` says); `RL` and `RL,*,*`: every
    /// unread sample (`allChannels`: the sum, then each channel's group).
    private static func readLog(
        _ count: String?, measurement: Locked<Measurement>, trace: PowerTrace, originNs: Int64, behaviour: PtdBehaviour,
        allChannels: Bool
    ) -> [String] {
        var state = measurement.withLock { $0 }
        if count == "1" && behaviour.rlOne == .waitsForTheNext {
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
            let ahead =
                (behaviour.clockAheadMs + behaviour.clockDriftMsPerSecond * Double(endNs - originNs) / 1e9) * 1e6
            let stampNs = endNs - wallToMono + Int64(ahead.rounded())
            let from = Double(endNs - state.intervalNs - originNs) / 1e9
            let to = Double(endNs - originNs) / 1e9
            let total = trace.joules(from: from, to: to) / (to - from)
            var channels = (0..<behaviour.channels).map { _ in total / Double(behaviour.channels) }
            if channelMarked(index: index, behaviour) { channels[channels.count - 1] = -1 }
            let sum = mark(of: index, behaviour).map(Double.init) ?? channels.filter { $0 >= 0 }.reduce(0, +)
            var line = "Time,\(WallClockText.format(nanoseconds: stampNs))," + group(sum)
            if allChannels { line += channels.map { "," + group($0) }.joined() }
            lines.append(line)
        }
        let header = "Last \(lines.count + (count == nil ? behaviour.headerCountError : 0)) samples"
        return [header] + lines + (count == nil ? behaviour.trailingLines : [])
    }

    /// `Watts,<w>,Volts,<v>,Amps,<a>,PF,<pf>` at 230 V and unity power factor (−1 throughout for a mark).
    private static func group(_ watts: Double) -> String {
        let marked = watts < 0
        return "Watts,\(watts),Volts,\(marked ? -1 : 230.0),Amps,\(marked ? -1 : watts / 230),PF,\(marked ? -1 : 1.0)"
    }
}
