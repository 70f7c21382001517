/// The observed interface's states during a capture (``LinkStateChange``, the first being its state
/// when the capture began), for the evidence: when the link went down and came back — a device
/// reboot, a cable pulled — and which of the device's frames came after it came back.
package struct LinkStateLog: Sendable {
    /// The captured interface.
    package let interface: String
    /// Its states in order, each different from the one before.
    package let changes: [LinkStateChange]
    /// Why the link state could not be watched (nil when it was).
    package let unobserved: String?

    /// Creates a log.
    package init(interface: String, changes: [LinkStateChange], unobserved: String? = nil) {
        self.interface = interface
        self.changes = changes
        self.unobserved = unobserved
    }

    /// When the interface was removed for good: its last state is `removed` (no interface of its
    /// name came back before the capture ended, so what the device did afterwards was not seen).
    package var lostNs: Int64? {
        changes.last.flatMap { $0.removed ? $0.timeNs : nil }
    }

    /// How many times the link went from up to down.
    package var downs: Int {
        zip(changes, changes.dropFirst()).filter { $0.isUp && !$1.isUp }.count
    }

    /// When the link last came back up after being down (nil when it never went down).
    package var lastReturnNs: Int64? {
        Array(zip(changes, changes.dropFirst())).last { !$0.isUp && $1.isUp }?.1.timeNs
    }

    /// One line: every state with its time from `beginNs`, e.g. `link aitcgw1 during the capture:
    /// up (…) at the start; down (…) at +12.3 s; up (…) at +14.0 s — went down 1 time`.
    package func line(since beginNs: Int64) -> String {
        if let unobserved { return "link state of \(interface) not watched: \(unobserved)" }
        guard !changes.isEmpty else { return "link state of \(interface): the kernel reported none" }
        let shown = changes.prefix(40).enumerated().map { offset, change in
            let at =
                offset == 0
                ? "at the start" : "at +\(String(format: "%.1f", Double(change.timeNs - beginNs) / 1e9)) s"
            let moved = change.removed || change.index == changes[0].index ? "" : " as index \(change.index)"
            return "\(change.description)\(moved) \(at)"
        }
        let more = changes.count > 40 ? "; … \(changes.count - 40) more" : ""
        let verdict =
            lostNs != nil
            ? "the interface was removed and did not come back: nothing after that was captured"
            : downs == 0
                ? "the link stayed up"
                : "the link went down \(downs) time\(downs == 1 ? "" : "s") and the capture went on"
        return "link state of \(interface) during the capture (rtnetlink): "
            + shown.joined(separator: "; ") + more + " — \(verdict)"
    }
}
