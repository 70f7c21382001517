import CSpawn
import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#endif

/// A program started by the harness: its own process group, no inherited descriptors besides the
/// three it is given, and an exit the harness learns from `waitpid` on its pid alone.
///
/// Nothing here depends on the child's habits: a program that closes its inherited descriptors
/// (ssh) or forks a daemon that keeps them (adb) is still seen to end, and `stop` kills the whole
/// group and reaps the child within a bound. Every harness child goes through this type.
public final class ChildProcess: @unchecked Sendable {
    /// The process id (also the process group id).
    public let pid: Int32
    /// The program's path.
    public let program: String
    /// Our end of the child's stdin pipe (`.pipe` only), else -1.
    public let inputDescriptor: Int32
    /// Our end of the child's stdout pipe (`.pipe` only), else -1.
    public let outputDescriptor: Int32
    /// Our end of the child's stderr pipe (`.pipe` only), else -1.
    public let errorDescriptor: Int32
    /// How it ended once reaped, and whether our end of its stdin is still open.
    private let state: Locked<(ended: ChildExit?, inputOpen: Bool)>

    /// Starts `executable` (a path, or a name looked up in `environment`'s PATH) with `arguments`.
    /// `environment` nil means the harness's own.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        input: ChildStream = .null, output: ChildStream = .null, error: ChildStream = .null
    ) throws(ChildProcessError) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let path = ProgramLookup.find(executable, path: environment["PATH"]) else {
            throw ChildProcessError(
                .cannotStart,
                executable.contains("/")
                    ? "cannot run \(executable): no executable file there"
                    : "cannot run \(executable): no program of that name in PATH (install it or give its full path)")
        }
        var pipes: [(ours: Int32, theirs: Int32)] = []
        func makePipe(_ stream: ChildStream, childReads: Bool) throws(ChildProcessError) -> (ours: Int32, theirs: Int32)
        {
            guard case .pipe = stream else { return (-1, -1) }
            var fds: [Int32] = [-1, -1]
            let status = aitc_pipe_cloexec(&fds)
            guard status == 0 else {
                throw ChildProcessError(
                    .cannotStart, "cannot run \(executable): no pipe (\(String(cString: strerror(status))))")
            }
            let pair = childReads ? (ours: fds[1], theirs: fds[0]) : (ours: fds[0], theirs: fds[1])
            pipes.append(pair)
            return pair
        }
        func closeAll(ours: Bool) {
            for pair in pipes {
                Glibc.close(pair.theirs)
                if ours { Glibc.close(pair.ours) }
            }
        }
        let stdin: (ours: Int32, theirs: Int32)
        let stdout: (ours: Int32, theirs: Int32)
        let stderr: (ours: Int32, theirs: Int32)
        do {
            stdin = try makePipe(input, childReads: true)
            stdout = try makePipe(output, childReads: false)
            stderr = try makePipe(error, childReads: false)
        } catch {
            closeAll(ours: true)
            throw error
        }
        let argv = ([path] + arguments).map { strdup($0) }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envBuffer in
                aitc_spawn(
                    path, argvBuffer.baseAddress, envBuffer.baseAddress, stdin.theirs, stdout.theirs, stderr.theirs,
                    &pid)
            }
        }
        closeAll(ours: status != 0)
        guard status == 0 else {
            throw ChildProcessError(.cannotStart, "cannot run \(path): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        self.program = path
        inputDescriptor = stdin.ours
        outputDescriptor = stdout.ours
        errorDescriptor = stderr.ours
        state = Locked((ended: nil, inputOpen: stdin.ours >= 0))
    }

    /// How it ended, or nil while it runs. Never blocks; reaps the child once it has ended.
    public func exitStatus() -> ChildExit? {
        state.withLock { (state: inout (ended: ChildExit?, inputOpen: Bool)) -> ChildExit? in
            if let ended = state.ended { return ended }
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid {
                    state.ended = ChildExit(waitStatus: status)
                    return state.ended
                }
                if result < 0 && errno == EINTR { continue }
                if result < 0 {
                    // ECHILD: someone else reaped it (a SIGCHLD handler set to SIG_IGN); it has ended.
                    state.ended = .exited(-1)
                    return state.ended
                }
                return nil
            }
        }
    }

    /// Waits up to `timeout` seconds for it to end; nil if it still runs.
    public func waitForExit(timeout: Double) -> ChildExit? {
        let deadline = Self.now() + max(0, timeout)
        var pause: useconds_t = 500
        while true {
            if let exit = exitStatus() { return exit }
            if Self.now() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
    }

    /// Ends it: SIGTERM to its process group, `grace` seconds, then SIGKILL to the group, and reaps
    /// it. Returns how it ended (nil only if even SIGKILL did not end it within 5 s, e.g. a process
    /// stuck in the kernel).
    @discardableResult
    public func stop(grace: Double = 1) -> ChildExit? {
        if let exit = exitStatus() { return exit }
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        if let exit = waitForExit(timeout: grace) { return exit }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        return waitForExit(timeout: 5)
    }

    /// Closes our end of its stdin (it reads end-of-file).
    public func closeInput() {
        let open = state.withLock { state in
            defer { state.inputOpen = false }
            return state.inputOpen
        }
        if open { Glibc.close(inputDescriptor) }
    }

    deinit {
        if exitStatus() == nil { stop(grace: 0.5) }
        closeInput()
        if outputDescriptor >= 0 { Glibc.close(outputDescriptor) }
        if errorDescriptor >= 0 { Glibc.close(errorDescriptor) }
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
