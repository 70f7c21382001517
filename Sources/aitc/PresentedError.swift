import Certification

/// How the command line shows an error that is not a usage error: one line, `aitc: ` and a
/// sentence a person can act on, and the exit status that goes with it.
struct PresentedError: Equatable {
    /// The line printed on standard error.
    let line: String
    /// The exit status: 64 for set-up problems, 2 when something could not be completed.
    let status: Int32

    init(_ error: any Error) {
        line = "aitc: " + ErrorSentence.sentence(for: error)
        status = (error as? CertificationError)?.exitStatus ?? 2
    }
}

/// Runs `body`, turning any error into a set-up error (exit 64, one line, no usage text): for
/// inputs such as key, suite and standard files that exist but cannot be used.
func setup<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CertificationError { throw error } catch {
        throw CertificationError(.setup, ErrorSentence.sentence(for: error))
    }
}
