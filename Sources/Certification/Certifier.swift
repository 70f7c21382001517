import Attestation
import Conformance
import Foundation
import Harness
import Logging

/// Runs a whole certification: checks every input, runs the campaign with its instruments,
/// scores each device's record, writes and signs one report per device.
///
/// ``prepare()`` does every check that can fail before the first measurement (key, lab certificate,
/// output folder, suite, run rules, standards, devices, instruments) and throws a set-up ``CertificationError``
/// for the first problem; ``PreparedCertification/run(board:)`` then measures and signs.
public struct Certifier: Sendable {
    /// The inputs.
    public let request: CertificationRequest
    /// Where progress and problems are logged.
    public let logger: Logger
    /// Makes the driver of a device (``DriverFactory`` by default; tests inject their own).
    let makeDriver: @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver

    /// A certifier for `request`.
    public init(
        request: CertificationRequest, logger: Logger,
        makeDriver: @escaping @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver = {
            spec throws(AgentError) in
            try DriverFactory.driver(for: spec)
        }
    ) {
        self.request = request
        self.logger = logger
        self.makeDriver = makeDriver
    }

    /// Checks and loads every input, prepares the devices and builds their instruments.
    public func prepare() throws(CertificationError) -> PreparedCertification {
        guard !request.devices.isEmpty else { throw CertificationError(.setup, "no device to certify; give --device") }
        try OutputFolderCheck.check(request.outDirectory)
        guard FileManager.default.fileExists(atPath: request.keyPath) else {
            throw CertificationError(
                .setup,
                "the signing key \(request.keyPath) does not exist; create one with `aitc keys generate --out PREFIX` and give --key PREFIX.key"
            )
        }
        let key: SigningKey
        do { key = try KeyFiles.loadSigningKey(path: request.keyPath) } catch {
            throw CertificationError(.setup, "cannot use the signing key \(request.keyPath): \(error.reason)")
        }
        var credential: LabCredential?
        var lab = request.lab
        if !request.labCertificates.isEmpty {
            let loaded = try LabCredential.load(
                certificatePaths: request.labCertificates, key: key, keyPath: request.keyPath)
            lab = try loaded.reportLab(given: request.lab)
            credential = loaded
        }
        let backend = request.configuration.backend
        if backend != StagedBackend.reference.path, FileDigest.sha256(file: backend) == nil {
            throw CertificationError(
                .setup,
                "the backend library \(backend) cannot be read on this machine; give --backend the library's path on "
                    + "the harness machine (it is copied to the device and loaded there only with its digest)")
        }
        let suite: Suite
        do { suite = try SuiteLoader(suitesDirectory: request.suitesDirectory).load(request.suite) } catch {
            let problem = error.line == 0 ? error.message : error.description
            throw CertificationError(.setup, "cannot use the suite '\(request.suite)': \(problem)")
        }
        // Every workload file, before any device is touched: a missing or altered file is an
        // unusable input (exit 64). The run checks again, and the agent checks each model's digest
        // as it loads it, so a file changed after this check stops the run (exit 2).
        do { try AssetPreflight.check(suite) } catch {
            throw CertificationError(.setup, "cannot use the suite '\(request.suite)': \(error.message)")
        }
        let rules: RunRules
        let mode: ModeRules
        do {
            rules = try RunRules.load(
                path: (request.suitesDirectory as NSString).appendingPathComponent(RunRules.fileName))
            mode = try rules.mode(request.mode)
        } catch {
            throw CertificationError(
                .setup, "cannot use the run rules for --mode \(request.mode): \(error.description)")
        }
        let standards: StandardsSet
        do {
            standards = try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: request.standardsPaths)
        } catch {
            throw CertificationError(.setup, error.description)
        }
        for clause in suite.clauses where standards.clause(id: clause) == nil {
            throw CertificationError(
                .setup,
                "\(suite.path): clause \(clause) is defined by no standard; add it to Standards/ or remove it from the suite"
            )
        }
        let drivers = try DevicePreflight(makeDriver: makeDriver).prepare(request.devices)
        var instruments: [[any RunInstrument]] = []
        for spec in request.devices {
            var deviceLogger = logger
            deviceLogger[metadataKey: "device"] = "\(spec)"
            let context = InstrumentContext(
                device: spec, suite: suite, mode: mode, configuration: request.configuration, logger: deviceLogger)
            do { instruments.append(try request.instruments(context)) } catch {
                throw CertificationError(
                    .setup, "cannot prepare the instruments of \(spec): \(ErrorSentence.sentence(for: error))")
            }
        }
        return PreparedCertification(
            request: request, logger: logger, suite: suite, rules: rules, mode: mode,
            emulatedMode: try? rules.mode("\(request.mode)-emulated"), standards: standards, key: key, lab: lab,
            credential: credential, drivers: drivers,
            instruments: instruments)
    }
}
