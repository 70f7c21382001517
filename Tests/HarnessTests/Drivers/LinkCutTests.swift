import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// A tcp device whose link is cut (a namespace pair, `CuttableLink`): the loss must show within the
/// documented bound (Docs/drivers.md: ~11 s), whether the harness is waiting for a reply or has a
/// request in flight, never at the per-request timeout or when the link returns.
@Suite(.enabled(if: CuttableLink.available, "needs root and iproute2 (network namespaces)"), .serialized)
struct LinkCutTests {
    /// Seconds from the cut to `connectionLost`, for a transport that, after the cut, `sendsFirst`
    /// a request (data in flight) or only waits.
    static func detection(sendsFirst: Bool) throws -> (seconds: Double, error: AgentError?) {
        let link = try CuttableLink()
        defer { link.teardown() }
        let (port, token) = try link.startAgent()
        let transport = try SocketTransport(host: link.deviceAddress, port: port, token: token)
        defer { transport.close() }
        try transport.send(line: #"{"id":1,"op":"hello","protocol":1}"#)
        _ = try transport.receiveLine(timeout: 10)
        try link.cut()
        let started = Date()
        do {
            if sendsFirst { try transport.send(line: #"{"id":2,"op":"clock"}"#) }
            _ = try transport.receiveLine(timeout: 120)
            return (Date().timeIntervalSince(started), nil)
        } catch {
            return (Date().timeIntervalSince(started), error)
        }
    }

    @Test func aCutIsNoticedWithinTheBoundWhileWaiting() throws {
        let (seconds, error) = try Self.detection(sendsFirst: false)
        #expect(error?.code == .connectionLost, "\(error?.message ?? "a reply arrived through a cut link")")
        #expect(seconds < 30, "keepalive: \(seconds) s")
        print("link cut, waiting: lost after \(String(format: "%.1f", seconds)) s")
    }

    @Test func aCutIsNoticedWithinTheBoundWithARequestInFlight() throws {
        let (seconds, error) = try Self.detection(sendsFirst: true)
        #expect(error?.code == .connectionLost, "\(error?.message ?? "a reply arrived through a cut link")")
        #expect(seconds < 30, "TCP_USER_TIMEOUT: \(seconds) s (keepalive alone does not run with data in flight)")
        print("link cut, request in flight: lost after \(String(format: "%.1f", seconds)) s")
    }
}

/// A 30 s cut in the middle of a run: the loss is noticed, the device reached again once the link
/// returns, the interrupted workload re-run from its start, and the report lists the outage.
@Suite(.enabled(if: CuttableLink.available, "needs root and iproute2 (network namespaces)"))
struct OutageResumeTests {
    /// Cuts the link the first time the run reports `step` and restores it `seconds` later.
    final class Saboteur: @unchecked Sendable {
        let link: CuttableLink
        let seconds: Double
        private let lock = NSLock()
        private var done = false

        init(link: CuttableLink, seconds: Double) {
            self.link = link
            self.seconds = seconds
        }

        func observe(_ progress: RunProgress, step: String) {
            lock.lock()
            defer { lock.unlock() }
            guard !done, progress.step == step else { return }
            done = true
            try? link.cut()
            let link = self.link
            let seconds = self.seconds
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: seconds)
                try? link.restore()
            }
        }
    }

    @Test func aThirtySecondCutMidRunEndsInAResumedCompleteReport() throws {
        let link = try CuttableLink()
        defer { link.teardown() }
        let (port, token) = try link.startAgent()
        var mode = DriverFixtures.quick
        mode.outages = OutageRules(maxRetries: 2, reconnectWindowS: 120, reconnectIntervalS: 1)
        let saboteur = Saboteur(link: link, seconds: 30)
        let suite = try DriverFixtures.digitsSuite()
        let first = try #require(suite.workloads.first?.id)
        let run = CertificationRun(
            suite: suite, mode: mode, driver: TCPDriver(host: link.deviceAddress, port: port, token: token),
            logger: Logger(label: "test")
        ) { progress in
            if progress.workload == first { saboteur.observe(progress, step: "quality") }
        }
        let record = try run.execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(
            record.workloads.map(\.id) == suite.workloads.map(\.id),
            "each workload once: the interrupted attempt dropped")
        let outage = try #require(record.outages.first)
        #expect(record.outages.count == 1)
        #expect(outage.workload == first && outage.attempt == 1 && outage.outcome == "re-run from its start")
        let back = try #require(outage.reconnectedAfterS)
        #expect(back > 5 && back < 60, "reconnected once the link returned: \(back) s after the loss was noticed")
        print("30 s cut: \(outage.reason); reconnected \(String(format: "%.1f", back)) s after it was noticed")
    }

    @Test func theRunRulesSetTheRetryLimit() throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        #expect(
            rules.modes["quick"]?.outages == OutageRules(maxRetries: 2, reconnectWindowS: 120, reconnectIntervalS: 2))
        #expect(
            rules.modes["certification"]?.outages
                == OutageRules(maxRetries: 3, reconnectWindowS: 300, reconnectIntervalS: 5))
    }
}
