/// Builds agents for other machines with `Tools/cross/build-agent.sh`.
enum CrossBuild {
    /// A statically linked agent for `arch` (`aarch64`, `armhf`, `x86_64`), built under `root`.
    static func staticAgent(arch: String, root: String?) throws(AgentError) -> String {
        guard let root else {
            throw AgentError(.unreachable, "cannot find the checkout (Tools/cross) to build the \(arch) agent")
        }
        let script = "\(root)/Tools/cross/build-agent.sh"
        let output = try HostCommand(executable: "/bin/bash").run([script, arch, "--static"], timeout: 1800)
        return output.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }
}
