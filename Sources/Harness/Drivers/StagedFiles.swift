import Foundation

/// Which local files a driver has already copied to the device in the current session, and where
/// (so a file shared by two workloads is sent once). A new session (a reconnection after an
/// outage) starts in an emptied device folder and forgets them, so they are copied again.
final class StagedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var remote: [String: String] = [:]

    /// Nothing is staged any more: the device folder was emptied for a new session.
    func forget() {
        lock.lock()
        defer { lock.unlock() }
        remote = [:]
    }

    /// The device path of `file`, copying it with `copy(local, remote)` the first time.
    func path(
        for file: AssetFile, under folder: String, copy: (String, String) throws(AgentError) -> Void
    ) throws(AgentError) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = remote[file.path] { return known }
        let name = (file.path as NSString).lastPathComponent
        let target = "\(folder)/\(file.sha256.prefix(16))-\(name)"
        try copy(file.path, target)
        remote[file.path] = target
        return target
    }
}
