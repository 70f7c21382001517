import ArgumentParser
import Certification
import Conformance
import EnergyRun
import Foundation
import Harness
import Logging
import Metering
import Privacy

/// `aitc certify`: run a suite on one or more devices, score them, write and sign one report each.
struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify devices: run a suite, score every clause, write a signed report per device.",
        discussion: """
            Several --device options (or --devices-file) run concurrently, one report per device; a device \
            that fails or vanishes never stops the others. Exit status: 0 every device conformant, 1 some \
            device not conformant (a clause failed or could not be shown to pass) or only `indicative` (a quick \
            run passed: quick mode never certifies), 2 some run could not be \
            completed (device lost, a workload file changed during the run), 64 misuse or an unusable input, \
            found before anything runs (key, --out, --backend, suite and its workload files, a device that cannot \
            be reached or whose agent does not answer, a meter).
            """)

    @Option(help: "Suite name (in Suites/) or path to a suite file.")
    var suite: String

    @Option(help: "Device: local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL, ssh://USER@HOST. Repeatable.")
    var device: [String] = []

    @Option(help: "File with one device spec per line (# comments allowed).")
    var devicesFile: String?

    @Option(help: "Ed25519 private key (PEM) that signs the reports; see `aitc keys generate`.")
    var key: String

    @Option(help: "Folder the reports and their signed envelopes are written to.")
    var out: String

    @Option(help: "Run rules: quick (self-test) or certification.")
    var mode: String = "quick"

    @Option(help: "Backend on the device: 'reference' or the path of a backend shared library.")
    var backend: String = "reference"

    @Option(help: "Accelerator to request from the backend.")
    var accelerator: String = "cpu"

    @Option(
        help:
            "Backend-specific options as a JSON object (or @FILE), given to the backend's create() and recorded in the report."
    )
    var backendConfig: String?

    @Option(help: "Backend worker threads.")
    var threads: Int = 1

    @Option(
        help:
            "Energy meter: scpi://HOST:PORT[?preset=...], ptd://HOST:PORT, or device:NAME (see `aitc meters list`). Repeatable; the first with a figure gives the value."
    )
    var meter: [String] = []

    @Option(
        help:
            "Device declaration (name in Suites/devices/ or path); default: Suites/devices/<device>.yaml when present.")
    var declaration: String?

    @Option(help: "Privacy audit: auto (run it where the device allows network isolation) or off.")
    var privacy: PrivacyChoice = .auto

    @Option(
        help:
            "Remote device, lab gateway mode: capture on this interface (the device's only link, served by this machine) during the device's privacy session. Needs --device-address."
    )
    var privacyInterface: String?

    @Option(
        help:
            "Remote device: a classic pcap the lab records on the device's link from before this command until after it (tcpdump -U -w FILE), read after the device's privacy session. Needs --device-address."
    )
    var privacyPcap: String?

    @Option(
        help:
            "Lab gateway mode: capture from before the run for at least DURATION (90s, 30m, 4h; the timed run, the privacy session, idle time and any reboot the lab makes) and judge the whole capture. Needs --privacy-interface."
    )
    var privacyCapture: String?

    @Option(help: "The remote device's IPv4 (or MAC) address on the captured link. Repeatable.")
    var deviceAddress: [String] = []

    @Option(help: "Lab name recorded in the report.")
    var lab: String = ProcessInfo.processInfo.environment["AITC_LAB"] ?? "self-test"

    @Flag(name: .shortAndLong, help: "Log every step.")
    var verbose = false

    @OptionGroup var project: ProjectOptions

    @OptionGroup var accreditation: AccreditationOptions

    enum PrivacyChoice: String, ExpressibleByArgument {
        case auto, off
    }

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be between 1 and 256") }
        if privacyInterface != nil && privacyPcap != nil {
            throw ValidationError(
                "--privacy-interface and --privacy-pcap are two ways to observe the same link: give one")
        }
        if (privacyInterface != nil || privacyPcap != nil) && deviceAddress.isEmpty {
            throw ValidationError(
                "--privacy-interface and --privacy-pcap need the device's address on that link (--device-address IP)")
        }
        if privacyInterface == nil && privacyPcap == nil && !deviceAddress.isEmpty {
            throw ValidationError("--device-address is used only with --privacy-interface or --privacy-pcap")
        }
        if let privacyCapture {
            guard privacyInterface != nil else {
                throw ValidationError(
                    "--privacy-capture is a long capture by the lab gateway: give --privacy-interface IFACE too")
            }
            guard LongCapture.seconds(parsing: privacyCapture) != nil else {
                throw ValidationError(
                    "--privacy-capture \(privacyCapture) is not a duration: give seconds, or a number with s, m or h (90s, 30m, 4h)"
                )
            }
        }
    }

    /// How a remote device's traffic is observed, when the lab said so.
    var privacyCaptureSource: PrivacyCaptureSource? {
        if let privacyInterface { return .gateway(interface: privacyInterface) }
        if let privacyPcap { return .labPcap(path: URL(fileURLWithPath: privacyPcap).standardizedFileURL.path) }
        return nil
    }

    @Flag(
        help:
            "Check every input (key, --out, suite, devices, meters), list the clauses that will be inconclusive and why, then stop: nothing is measured or signed."
    )
    var dryRun = false

    func run() throws {
        var logger = Logger(label: "aitc.certify") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .info
        let specs = try deviceSpecs()
        if privacyCaptureSource != nil && specs.count != 1 {
            throw ValidationError(
                "--privacy-interface / --privacy-pcap observe one device's link: certify one device with them")
        }
        let certifier = Certifier(request: try request(devices: specs), logger: logger)
        let prepared = try certifier.prepare()
        if dryRun {
            for line in DryRunSummary(prepared.plan()).lines() { print(line) }
            return
        }
        // A CI cancelling the job (SIGTERM), Ctrl-C or a closed terminal: the namespaces go with the run.
        StopSignals.install()
        let board = CampaignBoard(devices: specs.map(\.description))
        let display = ProgressDisplay(board: board, schedule: RunSchedule(suite: prepared.suite, mode: prepared.mode))
        display.start()
        let result: CertificationResult
        do { result = try prepared.run(board: board) } catch {
            display.stop()
            throw error
        }
        display.stop()
        StopSignals.reportsWritten()
        for device in result.devices { ReportSummary(report: device.report).print() }
        for case let bundle? in result.devices.map(\.bundlePath) { print("bundle:    \(bundle)") }
        print("")
        for line in ClosingSummary(result.devices).lines() { print(line) }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }

    /// The typed request these options describe.
    private func request(devices: [DeviceSpec]) throws -> CertificationRequest {
        let suitesDirectory = try project.suitesDirectory()
        let meters = try setup { try meter.map { text throws(MeterError) in try EnergyMeterChoice(parsing: text) } }
        // The output tolerance comes from the mode's run rules, which the library loads once (context.mode).
        var configured = PrivacySettings(
            enabled: privacy == .auto, declaration: declaration,
            devicesDirectory: (suitesDirectory as NSString).appendingPathComponent("devices"),
            out: URL(fileURLWithPath: out).standardizedFileURL.path,
            outputTolerance: 0, capture: privacyCaptureSource, deviceAddresses: deviceAddress)
        configured.captureSeconds = privacyCapture.flatMap(LongCapture.seconds(parsing:))
        let privacySettings = configured
        let privacyLogger = Logger(label: "aitc.privacy") { StreamLogHandler.standardError(label: $0) }
        var absences = devices.compactMap { device in
            privacySettings.absenceReason(on: device).map {
                PlannedAbsence(metrics: "privacy.", reason: $0, device: device)
            }
        }
        if meters.isEmpty {
            absences.append(
                PlannedAbsence(
                    metrics: "energy.", reason: "no energy meter was given (--meter scpi://…, ptd://… or device:NAME)"))
        }
        return CertificationRequest(
            suite: suite, devices: devices, keyPath: key, outDirectory: out, mode: mode,
            configuration: RunConfiguration(
                backend: backend, accelerator: accelerator, threads: threads,
                backendConfig: try backendConfig.map { text in try setup { try BackendConfig.resolve(text) } }),
            lab: lab, labCertificates: accreditation.certificatePaths,
            standardsPaths: try project.standardsPaths(), suitesDirectory: suitesDirectory,
            projectRoot: ProjectLayout.discover()?.root,
            instruments: { context in
                var privacySettings = privacySettings
                privacySettings.outputTolerance = context.mode.audits?.outputTolerance ?? 0
                // The privacy audit last: it runs after the session, outside every meter's window.
                return [
                    try EnergyInstrument(meters: meters, rules: context.mode.energy, logger: context.logger),
                    PrivacyInstrument(
                        settings: privacySettings, device: context.device, suite: context.suite,
                        configuration: context.configuration,
                        logger: privacyLogger),
                ]
            },
            plannedAbsences: absences)
    }

    private func deviceSpecs() throws -> [DeviceSpec] {
        var texts = device
        if let devicesFile {
            guard let content = try? String(contentsOfFile: devicesFile, encoding: .utf8) else {
                throw ValidationError("cannot read --devices-file \(devicesFile)")
            }
            texts += content.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if texts.isEmpty { texts = ["local"] }
        var specs: [DeviceSpec] = []
        for text in texts {
            do { specs.append(try DeviceSpec(parsing: text)) } catch { throw ValidationError(error.description) }
        }
        return specs
    }
}
