import Foundation

/// What a test's device reboot during a long capture did (``GatewayLink/reboot(in:downSeconds:)``
/// run from ``RemotePrivacyAudit/duringCapture``, which cannot throw): udhcpc's messages, whether
/// the device went quiet afterwards, or the error. The hook runs on the audit's calling thread,
/// inside `run()`, and the test reads the record after `run()` returned: no lock is needed.
final class RebootRecord: @unchecked Sendable {
    /// udhcpc's messages after the reboot.
    private(set) var said = ""
    /// Whether nothing ran in the device's namespace any more afterwards (the leak, if any, sent).
    private(set) var quiet = false
    /// The reboot's error, if any.
    private(set) var failure: String?

    /// Reboots the device behind `link` (`replug`: the link goes away with it and comes back),
    /// then waits (bounded) for it to go quiet.
    func reboot(_ link: GatewayLink, in folder: String, replug: Bool = false) {
        do {
            said = try replug ? link.replug(in: folder) : link.reboot(in: folder)
            quiet = link.awaitQuiet(seconds: 180)
        } catch {
            failure = "\(error)"
        }
    }
}
