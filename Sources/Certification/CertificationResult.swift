import Conformance

/// What a certification produced: one signed report per device, in request order.
public struct CertificationResult: Sendable {
    /// Every device's result.
    public let devices: [DeviceCertification]

    /// 0 every device conformant, 1 some device not conformant, inconclusive or only indicative
    /// (a quick run never certifies), 2 some run incomplete.
    public var exitStatus: Int32 {
        let decisions = devices.map(\.report.decision)
        if decisions.contains(.incomplete) { return 2 }
        if decisions.contains(where: { $0 != .conformant }) { return 1 }
        return 0
    }
}
