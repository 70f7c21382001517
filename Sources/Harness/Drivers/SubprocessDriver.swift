/// A driver whose agent is a subprocess of this machine (local, qemu-user): the command that starts
/// it, so an instrument can start the same agent inside a sandbox and an observed link.
package protocol SubprocessDriver: DeviceDriver {
    /// The program and arguments that start the agent (`[agent]`, `[qemu-aarch64, agent]`).
    var agentCommand: [String] { get }
}
