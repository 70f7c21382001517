/// Checks the accelerator a backend says ran the queries against the units the device exposes
/// (the agent lists `npu:<driver>` for /sys/class/accel devices, `gpu:<driver>` for DRM render
/// nodes). A claim of a unit class the device does not have fails; a claim of one it has passes as
/// *unverified*, because no driver reads a utilisation counter yet that would show it worked.
/// Every unit of the backend's accelerator breakdown with a share above zero is a claim too: a
/// backend naming "cpu" while its breakdown puts 90 % of the nodes on an NPU claims that NPU.
enum AcceleratorClaim {
    static func audit(actual: String?, breakdown: AcceleratorBreakdown? = nil, device: DeviceInfo?) -> AuditResult {
        let shares = (breakdown?.units ?? []).filter { $0.fraction > 0 }.map(\.unit)
        let claimed = Set((actual ?? "").split(separator: ",").map { String($0) }.filter { !$0.isEmpty } + shares)
        let offCPU = claimed.filter { unitClass($0) != "cpu" }.sorted()
        guard !offCPU.isEmpty else {
            return AuditResult(
                kind: .acceleratorClaim, passed: true, value: nil, bound: nil,
                evidence:
                    "the backend reports the CPU (\(claimed.sorted().joined(separator: ", "))): nothing beyond it is claimed"
            )
        }
        guard let device else {
            return AuditResult(
                kind: .acceleratorClaim, passed: true, value: nil, bound: nil,
                evidence:
                    "unverified: the backend claims \(offCPU.joined(separator: ", ")); the device did not describe its units"
            )
        }
        let present = Set(device.accelerators.map(unitClass))
        let missing = offCPU.filter { !present.contains(unitClass($0)) }
        if !missing.isEmpty {
            return AuditResult(
                kind: .acceleratorClaim, passed: false, value: nil, bound: nil,
                evidence:
                    "the backend says \(missing.joined(separator: ", ")) ran the queries, but the device exposes no such unit (it lists: \(device.accelerators.joined(separator: ", ")))"
            )
        }
        return AuditResult(
            kind: .acceleratorClaim, passed: true, value: nil, bound: nil,
            evidence:
                "unverified: the backend claims \(offCPU.joined(separator: ", ")); the device has \(device.accelerators.joined(separator: ", ")), but no utilisation counter of it is read, so that it ran these queries is not verified"
        )
    }

    /// `npu` of `npu:apu` (the header's form), lowercased.
    static func unitClass(_ name: String) -> String {
        String(name.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }
}
