import Harness

/// The device's erase function, as declared.
package enum EraseMethod: Sendable, Equatable {
    /// The agent's `erase` operation.
    case agentOperation
    /// A command run on the device (inside its network namespace for local devices).
    case command([String])
    /// The device declares no erase function (PRV-06 is then inconclusive with that reason).
    case none
}
