import Foundation
import Harness

/// What to certify and how: the inputs of ``Certifier``, parsed once by the caller (the command
/// line) into typed values.
public struct CertificationRequest: Sendable {
    /// Suite name (in the suites folder) or path of a suite file.
    public var suite: String
    /// The devices, in the order their reports are returned; at least one.
    public var devices: [DeviceSpec]
    /// Ed25519 private key (PEM) that signs the reports.
    public var keyPath: String
    /// Folder the reports and envelopes are written to (created when missing).
    public var outDirectory: String
    /// Run rules mode (`quick`, `certification`).
    public var mode: String
    /// Backend, accelerator and threads.
    public var configuration: RunConfiguration
    /// Lab name recorded in the reports (the lab certificate's name when ``labCertificates`` is given).
    public var lab: String
    /// The lab certificate (PEM) issued for the key, then its intermediates; when given, each report
    /// is also written as a Sigstore bundle `<id>.sigstore.json` carrying the chain. Empty: none.
    public var labCertificates: [String]
    /// Standard files or folders.
    public var standardsPaths: [String]
    /// Folder of suites, holding `run-rules.yaml` and `devices/`.
    public var suitesDirectory: String
    /// The checkout the harness runs from (its commit goes into the report), if known.
    public var projectRoot: String?
    /// Builds every device's instruments.
    public var instruments: InstrumentFactory
    /// Figures the caller knows will be absent (for the dry run).
    public var plannedAbsences: [PlannedAbsence]

    /// A request; `instruments` defaults to none.
    public init(
        suite: String, devices: [DeviceSpec], keyPath: String, outDirectory: String, mode: String = "quick",
        configuration: RunConfiguration = .reference, lab: String = "self-test", labCertificates: [String] = [],
        standardsPaths: [String],
        suitesDirectory: String, projectRoot: String? = nil, instruments: @escaping InstrumentFactory = { _ in [] },
        plannedAbsences: [PlannedAbsence] = []
    ) {
        self.suite = suite
        self.devices = devices
        self.keyPath = keyPath
        // absolute: the privacy sandbox mounts folders under it from another working directory
        // (a relative --out made every PRV clause inconclusive: "mount: Reports/…")
        self.outDirectory = URL(fileURLWithPath: outDirectory).standardizedFileURL.path
        self.mode = mode
        self.configuration = configuration
        self.lab = lab
        self.labCertificates = labCertificates
        self.standardsPaths = standardsPaths
        self.suitesDirectory = suitesDirectory
        self.projectRoot = projectRoot
        self.instruments = instruments
        self.plannedAbsences = plannedAbsences
    }
}
