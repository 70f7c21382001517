/// What a person can do about a figure that is absent, from its metric and the reason given.
public enum Remedy {
    /// The option to attach an energy meter.
    public static let attachMeter =
        "attach a meter: --meter scpi://HOST:PORT[?preset=...], --meter ptd://HOST:PORT or --meter device:NAME (see `aitc meters list`)"

    /// The advice for an absent `metric` with `reason`, or nil when there is nothing to suggest.
    public static func advice(metric: String, reason: String) -> String? {
        if reason.contains("run did not complete") || reason.contains("device lost")
            || reason.contains("could not reach")
        {
            return "make the device reachable for the whole run and certify again"
        }
        if reason.contains("has no workload of kind") { return "use a suite with a workload of that kind" }
        if metric.hasPrefix("energy.") {
            if reason.contains("no energy meter") || reason.contains("no meter") { return attachMeter }
            if reason.contains("energy section") {
                return "use a mode whose run rules measure energy (--mode certification)"
            }
            return "check the meter (connection, range, clock) and the energy instrument's notes in the report"
        }
        if metric.hasPrefix("privacy.") {
            if reason.contains("--privacy off") { return "run the privacy audit: leave out --privacy off" }
            if reason.contains("observe its link through the lab gateway") {
                return
                    "observe the device's link: --privacy-interface IFACE or --privacy-pcap FILE, with --device-address IP (Docs/privacy.md)"
            }
            if reason.contains("declaration") {
                return "give the device's declaration: --declaration NAME|PATH (Suites/devices/)"
            }
            if reason.contains("root") {
                return "run as root: the privacy audit isolates the device in a network namespace"
            }
            return "see the privacy audit's notes in the report (Docs/privacy.md)"
        }
        if metric.hasPrefix("sustained.") || metric.hasPrefix("audit.") || metric.hasPrefix("llm.") {
            if reason.contains("run rules of mode") { return "use --mode certification" }
        }
        return nil
    }
}
