/// Reads what `ssh -v` wrote on stderr: the host key it verified, and a sentence for a failure.
struct SSHDiagnosis: Sendable {
    /// `TYPE SHA256:…` from `debug1: Server host key: …`, nil when ssh did not print it.
    let hostKey: String?
    /// ssh's own lines (its debug chatter removed).
    let messages: [String]

    init(stderr: String) {
        // ssh ends its lines with CR LF, one Character in Swift: split on any newline.
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let marker = "debug1: Server host key: "
        hostKey = lines.last { $0.hasPrefix(marker) }.map { String($0.dropFirst(marker.count)) }
        messages = lines.filter {
            !$0.hasPrefix("debug") && !$0.hasPrefix("OpenSSH_") && !$0.hasPrefix("@") && !$0.isEmpty
        }
    }

    /// Why the connection to `destination` failed, as a sentence a lab can act on.
    func failure(_ destination: SSHDestination, status: Int32) -> String {
        let device = "ssh://\(destination.address)"
        let key = hostKey.map { " (\($0))" } ?? ""
        let file = destination.knownHostsFile ?? "~/.ssh/known_hosts"
        let text = messages.joined(separator: " ")
        if text.contains("has changed and you have requested strict checking")
            || text.contains("IDENTIFICATION HAS CHANGED")
        {
            return
                "\(device): the device's host key\(key) is not the one \(file) holds for it; refused before anything ran. "
                + "If the device was re-installed, check its new key out of band and replace its line in \(file)."
        }
        if text.contains("host key is known for") || text.contains("Host key verification failed") {
            let port = destination.port.map { "-p \($0) " } ?? ""
            return
                "\(device): its host key\(key) is not in \(file); refused before anything ran. Check the fingerprint out of band, "
                + "then add it (`ssh-keyscan \(port)HOST >> \(file)`) or name a file with ?known_hosts=FILE."
        }
        if text.contains("Permission denied") {
            return
                "\(device): the device refused the login key (\(text.suffix(200))); give the key with ?identity=FILE "
                + "and put its public half in the device user's authorized_keys."
        }
        let said = text.isEmpty ? "no message" : String(text.suffix(300))
        return "\(device): ssh failed (status \(status)): \(said)"
    }
}
