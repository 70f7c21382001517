#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a ``LineChannel`` could not carry a line; each user words it for its own peer (an agent,
/// a meter).
package enum LineFailure: Error, Equatable, CustomStringConvertible {
    /// The deadline passed before a whole line arrived or could be sent.
    case timeout
    /// The peer closed its end (end of file).
    case closed
    /// A line grew past the channel's limit before its newline.
    case tooLong(limit: Int)
    /// A system call failed: `operation` ("read", "send", "poll") and its `errno`.
    case system(operation: String, errno: Int32)

    /// "read failed (Connection reset by peer)" for a failed system call; a phrase for the others.
    package var description: String {
        switch self {
        case .timeout: "timed out"
        case .closed: "closed the connection"
        case .tooLong(let limit): "sent a line longer than \(limit) bytes"
        case .system(let operation, let code): "\(operation) failed (\(String(cString: strerror(code))))"
        }
    }
}
