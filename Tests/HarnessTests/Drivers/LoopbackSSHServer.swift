import ChildProcesses
import Foundation
import TestSupport

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// Debian's OpenSSH server on loopback for one test: its own config, host key, client key and
/// known_hosts file in a temporary folder, a free high port, root with key-only login.
final class LoopbackSSHServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let port: Int
    /// The client's private key (`?identity=`).
    let clientKey: String
    /// A known_hosts file holding the first host key (`?known_hosts=`).
    let knownHosts: String
    /// `SHA256:…` of the host key the server presents now.
    private(set) var hostKeyFingerprint: String
    private var server: ChildProcess?

    /// Whether the test can run here: Debian's sshd installed (Tools/bootstrap.sh) and root (sshd
    /// must switch to the login user).
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && getuid() == 0
    }

    init() throws {
        folder = try TemporaryFolder()
        port = try FreePort.find()
        clientKey = "\(folder.path)/client_ed25519"
        knownHosts = "\(folder.path)/known_hosts"
        try Self.keygen(clientKey)
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: "\(folder.path)/authorized_keys")
        hostKeyFingerprint = ""
        try start(hostKey: "host_a")
        let line = try String(contentsOfFile: "\(folder.path)/host_a.pub", encoding: .utf8).split(separator: " ")
            .prefix(2)
        try "[127.0.0.1]:\(port) \(line.joined(separator: " "))\n".write(
            toFile: knownHosts, atomically: true, encoding: .utf8)
    }

    /// `ssh://root@127.0.0.1:PORT?identity=…&known_hosts=…`, without the scheme.
    var destination: String { "root@127.0.0.1:\(port)?identity=\(clientKey)&known_hosts=\(knownHosts)" }

    /// Restarts the server on the same port with another host key (a re-installed or swapped device).
    func swapHostKey() throws {
        server?.stop(grace: 2)
        try start(hostKey: "host_b")
    }

    private func start(hostKey name: String) throws {
        let key = "\(folder.path)/\(name)"
        if !FileManager.default.fileExists(atPath: key) { try Self.keygen(key) }
        hostKeyFingerprint = try Self.fingerprint(key + ".pub")
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let config = try folder.write(
            "sshd_config",
            """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(key)
            PidFile none
            AuthorizedKeysFile \(folder.path)/authorized_keys
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            Subsystem sftp internal-sftp

            """)
        let server = try ChildProcess(
            executable: "/usr/sbin/sshd", arguments: ["-D", "-e", "-f", config], error: .pipe)
        self.server = server
        for _ in 0..<1000 {
            if let exit = server.exitStatus() { throw SetupFailure("sshd \(exit) at start-up") }
            if Self.accepts(port) { return }
            usleep(10_000)
        }
        throw SetupFailure("sshd did not listen on 127.0.0.1:\(port) within 10 s")
    }

    deinit {
        server?.stop(grace: 2)
        try? FileManager.default.removeItem(atPath: folder.path)
    }

    private static func keygen(_ path: String) throws {
        let result = try Command("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "aitc-test", "-f", path]).run(
            timeout: 30)
        guard result.exit.succeeded else { throw SetupFailure("ssh-keygen: \(result.stderr)") }
    }

    /// `SHA256:…` of a public key file.
    static func fingerprint(_ publicKey: String) throws -> String {
        let result = try Command("ssh-keygen", ["-l", "-E", "sha256", "-f", publicKey]).run(timeout: 30)
        guard result.exit.succeeded, let field = result.stdout.split(separator: " ").dropFirst().first else {
            throw SetupFailure("ssh-keygen -l: \(result.stderr)")
        }
        return String(field)
    }

    private static func accepts(_ port: Int) -> Bool {
        guard let fd = try? SocketConnector.connect(host: "127.0.0.1", port: port, timeout: 1, endpoint: "sshd") else {
            return false
        }
        close(fd)
        return true
    }

    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
