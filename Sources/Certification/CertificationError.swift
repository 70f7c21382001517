/// Why a certification could not be carried out, with the exit status the command line uses.
///
/// ``message`` is one sentence a person can act on (what is wrong and what to do); it never
/// names a Swift type. Set-up problems are found before anything is measured or signed.
public struct CertificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable {
        /// An input is unusable: key, output folder, backend library, suite and its workload files,
        /// run rules, standards, device (not reachable, or its agent does not answer), meter. Found
        /// before anything runs.
        case setup
        /// The run could not be completed (a workload file changed after the set-up checks, device lost
        /// before any record).
        case runFailed
        /// The report could not be written or signed.
        case output
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String

    /// Creates an error of `code` with an actionable `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The process exit status: 64 for set-up problems (EX_USAGE, as for misuse), 2 when the run
    /// or its report could not be completed.
    public var exitStatus: Int32 {
        switch code {
        case .setup: 64
        case .runFailed, .output: 2
        }
    }

    /// The message.
    public var description: String { message }
}
