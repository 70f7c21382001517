import Foundation
import Locking
import Metering

/// Which local files a driver has already copied to the device in the current session, and where
/// (so a file shared by two workloads is sent once). A new session (a reconnection after an
/// outage) starts in an emptied device folder and forgets them, so they are copied again.
final class StagedFiles: Sendable {
    private let remote = Locked([String: String]())

    /// Nothing is staged any more: the device folder was emptied for a new session.
    func forget() {
        remote.withLock { $0 = [:] }
    }

    /// The device path of `file`, copying it with `copy(local, remote)` the first time.
    func path(
        for file: AssetFile, under folder: String, copy: (String, String) throws(AgentError) -> Void
    ) throws(AgentError) -> String {
        try remote.withLock { (remote: inout [String: String]) throws(AgentError) -> String in
            if let known = remote[file.path] { return known }
            let name = (file.path as NSString).lastPathComponent
            let target = "\(folder)/\(file.sha256.prefix(16))-\(name)"
            try copy(file.path, target)
            remote[file.path] = target
            return target
        }
    }
}
