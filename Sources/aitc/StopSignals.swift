import Dispatch
import Foundation
import Locking
import Privacy

#if canImport(Glibc)
import Glibc
#endif

/// What `aitc certify` does when it is told to stop (SIGTERM from a CI cancelling the job, SIGINT
/// from Ctrl-C, SIGHUP from a closed terminal): it removes the network namespaces it made, says so
/// in one line, and exits with status 128 + N (143 for SIGTERM), as a shell reports a process that
/// signal N ended. The process ends as soon as the namespaces are gone, so a run stopped mid-way
/// writes no report and never yields a signed pass. Children started by the
/// harness get the default dispositions back (`ChildProcess` spawns with `POSIX_SPAWN_SETSIGDEF`).
enum StopSignals {
    /// The signals that stop a run.
    static let stopping: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// The sources must live as long as the process.
    private static let sources = Locked<[any DispatchSourceSignal]>([])

    /// Whether the run had written its reports when the signal came (for the one line it prints).
    private static let written = Locked(false)

    /// Says that the run's reports are written: a signal from now on interrupts nothing measured.
    static func reportsWritten() { written.withLock { $0 = true } }

    /// Installs the handlers; call once, before the run creates anything.
    static func install() {
        let queue = DispatchQueue(label: "aitc.stop-signals")
        for number in stopping {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { stop(number) }
            source.resume()
            sources.withLock { $0.append(source) }
        }
    }

    /// Removes this run's namespaces and ends the process by `number`.
    private static func stop(_ number: Int32) -> Never {
        let name = String(cString: strsignal(number))
        let removed = NamespaceLedger.removeLive()
        let cleaned =
            removed.isEmpty
            ? "it held no network namespaces"
            : "removed its network namespaces \(removed.joined(separator: ", "))"
        let report =
            written.withLock { $0 }
            ? "its reports were already written" : "the run ends here, before its end, and writes no report"
        FileHandle.standardError.write(Data("aitc: stopped by \(name) (\(number)): \(cleaned); \(report)\n".utf8))
        // 128 + N, as a shell reports a process ended by signal N (re-raising it would not end the
        // process: the dispatch source keeps the signal blocked).
        Glibc._exit(128 + number)
    }
}
