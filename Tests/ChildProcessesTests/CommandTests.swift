import ChildProcesses
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The harness's one process runner: its bounds hold whatever the child does with its descriptors,
/// its signals or its children.
struct CommandTests {
    @Test func capturesOutputAndStatus() throws {
        let result = try Command("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]).run(timeout: 30)
        #expect(result.exit == .exited(3))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(!result.exit.succeeded)
    }

    @Test func outputLargerThanAPipeDoesNotDeadlock() throws {
        let result = try Command("/bin/sh", ["-c", "head -c 3000000 /dev/zero"]).run(timeout: 60)
        #expect(result.exit.succeeded)
        #expect(result.stdout.utf8.count == 3_000_000)
    }

    @Test func aDaemonThatKeepsTheOutputOpenDoesNotStallTheWait() throws {
        // adb's shape: the command forks a server that keeps stdout and stderr, then exits.
        let started = Date()
        let result = try Command("/bin/sh", ["-c", "sleep 60 & echo $!"]).run(timeout: 30)
        let elapsed = Date().timeIntervalSince(started)
        let daemon = try #require(Int32(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(daemon, SIGKILL)
        #expect(result.exit.succeeded)
        #expect(elapsed < 20, "returned when the command ended, not when the daemon's copy of stdout closed")
    }

    @Test func aChildThatClosesItsDescriptorsIsStillSeenToEnd() throws {
        // ssh's shape: it closes every descriptor it inherited, then runs on for a while.
        let result = try Command("/bin/sh", ["-c", "exec 1>&- 2>&- 0<&-; sleep 0.3; exit 7"]).run(timeout: 30)
        #expect(result.exit == .exited(7), "the exit status comes from waitpid, not from a closed descriptor")
    }

    @Test func aTimeoutKillsTheWholeGroupAndReaps() throws {
        let started = Date()
        var caught: ChildProcessError?
        do {
            _ = try Command("/bin/sh", ["-c", "trap '' TERM; sleep 120 & echo $!; wait"]).run(timeout: 1)
        } catch { caught = error }
        let error = try #require(caught)
        #expect(error.reason == .timedOut)
        #expect(error.message.contains("did not finish within 1 s"))
        #expect(Date().timeIntervalSince(started) < 30)
        let grandchild = try #require(
            Int32(error.partialOutput?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(Self.gone(grandchild), "the background sleep in the child's group was killed too")
    }

    @Test func childrenInheritNoDescriptorAndNoIgnoredSignal() throws {
        signal(SIGPIPE, SIG_IGN)
        let stray = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: a child would inherit it by default
        defer { close(stray) }
        let fds = try Command("/bin/sh", ["-c", "exec ls /proc/self/fd"]).run(timeout: 30)
        let numbers = fds.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(numbers.allSatisfy { $0 <= 3 }, "only 0, 1, 2 and ls's own directory: \(numbers)")
        let status = try Command("/bin/sh", ["-c", "exec cat /proc/self/status"]).run(timeout: 30).stdout
        let ignored = status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }.flatMap {
            UInt64($0.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        // Signals 1-31 (SIGPIPE among them) at their default; glibc keeps its internal 32 and 33 (bits 31, 32).
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "SigIgn \(String(ignored ?? 0, radix: 16))")
        let stat = try Command("/bin/sh", ["-c", "exec cat /proc/self/stat"]).run(timeout: 30).stdout
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        let pid = stat.split(separator: " ").first
        #expect(fields.count > 3 && pid != nil && fields[2] == pid!, "the child leads a process group of its own")
    }

    @Test func aMissingProgramIsASentence() {
        #expect {
            _ = try Command("aitc-no-such-program", []).run(timeout: 5)
        } throws: { error in
            let message = (error as? ChildProcessError)?.message ?? ""
            return message
                == "cannot run aitc-no-such-program: no program of that name in PATH (install it or give its full path)"
        }
    }

    @Test func stopEndsAChildThatIgnoresTerm() throws {
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"],
            output: .pipe)
        var byte: UInt8 = 0
        #expect(read(child.outputDescriptor, &byte, 1) == 1, "the trap is set before the test stops it")
        #expect(child.exitStatus() == nil)
        let exit = child.stop(grace: 0.3)
        #expect(exit == .signaled(SIGKILL))
        #expect(Self.gone(child.pid))
    }

    @Test func aChildInheritsTheCPUsItsThreadWasPinnedTo() throws {
        let cpus = CPUAffinity.allowed()
        let last = try #require(cpus.last)
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: pinning a shared test-runner thread would leak into other tests.
        Thread.detachNewThread {
            let pinned = CPUAffinity.pinCallingThread(to: [last])
            let status = try? Command("/bin/sh", ["-c", "exec grep Cpus_allowed_list /proc/self/status"]).run(
                timeout: 30)
            box.set(pinned, status?.stdout ?? "")
            done.signal()
        }
        done.wait()
        #expect(box.pinned)
        #expect(box.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("\t\(last)"), "\(box.text)")
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var values: (Bool, String) = (false, "")
        func set(_ pinned: Bool, _ text: String) {
            lock.lock()
            values = (pinned, text)
            lock.unlock()
        }
        var pinned: Bool {
            lock.lock()
            defer { lock.unlock() }
            return values.0
        }
        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return values.1
        }
    }

    /// Whether `pid` has ended (gone, or a zombie waiting for init), within 10 s.
    static func gone(_ pid: Int32) -> Bool {
        for _ in 0..<1000 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(10_000)
        }
        return false
    }
}
