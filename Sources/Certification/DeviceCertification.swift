import Harness

/// One device's certified result: its scored report and where the signed files are.
public struct DeviceCertification: Sendable {
    /// The device.
    public let device: DeviceSpec
    /// The scored report (verdicts, counts, decision).
    public let report: ConformanceReport
    /// The canonical report file.
    public let reportPath: String
    /// The signed envelope file.
    public let envelopePath: String
    /// The Sigstore bundle (envelope and lab certificate chain), when the lab gave its certificate.
    public let bundlePath: String?

    /// A device's result.
    public init(
        device: DeviceSpec, report: ConformanceReport, reportPath: String, envelopePath: String,
        bundlePath: String? = nil
    ) {
        self.device = device
        self.report = report
        self.reportPath = reportPath
        self.envelopePath = envelopePath
        self.bundlePath = bundlePath
    }
}
