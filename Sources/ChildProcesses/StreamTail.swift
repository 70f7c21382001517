import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#endif

/// Keeps the last lines a long-running child writes to one of its pipes (an agent's stderr), read
/// on a thread of its own until end-of-file or `stop()`.
public final class StreamTail: @unchecked Sendable {
    private let child: ChildProcess
    private let fd: Int32
    private let keep: Int
    /// The complete lines kept, the bytes of the line being read, whether `stop()` was called.
    private let state = Locked((kept: [String](), partial: [UInt8](), stopped: false))
    private let finished = DispatchSemaphore(value: 0)

    /// Starts reading `child`'s stderr pipe, keeping the last `lines` lines.
    public init(stderrOf child: ChildProcess, lines: Int = 20) {
        self.child = child
        fd = child.errorDescriptor
        keep = lines
        guard fd >= 0 else {
            finished.signal()
            return
        }
        Thread.detachNewThread { [self] in
            readUntilEnd()
            finished.signal()
        }
    }

    /// The last lines, oldest first.
    public func lines() -> [String] {
        state.withLock { state in
            let tail = state.partial.isEmpty ? [] : [String(decoding: state.partial, as: UTF8.self)]
            return Array((state.kept + tail).suffix(keep))
        }
    }

    /// Stops reading (within about 0.1 s).
    public func stop() {
        state.withLock { $0.stopped = true }
        _ = finished.wait(timeout: .now() + 1)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func readUntilEnd() {
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while !isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 100)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 { continue }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            append(chunk[0..<count])
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        let keep = keep
        state.withLock { state in
            state.partial.append(contentsOf: bytes)
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                state.kept.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                state.partial.removeSubrange(...newline)
            }
            if state.partial.count > 4096 { state.partial.removeFirst(state.partial.count - 4096) }
            if state.kept.count > keep { state.kept.removeFirst(state.kept.count - keep) }
        }
    }
}
