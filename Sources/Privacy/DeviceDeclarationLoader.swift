import Conformance
import Foundation
import Harness

/// Reads device declarations (`Suites/devices/<name>.yaml`) with `file:line` errors.
package struct DeviceDeclarationLoader: Sendable {
    /// The folder that holds named declarations.
    package let directory: String

    /// Creates a loader for `directory` (usually `Suites/devices`).
    package init(directory: String) {
        self.directory = directory
    }

    /// Loads a declaration by name (`local`) or path.
    package func load(_ nameOrPath: String) throws(SuiteError) -> DeviceDeclaration {
        let path =
            nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml")
            ? nameOrPath : (directory as NSString).appendingPathComponent("\(nameOrPath).yaml")
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw SuiteError(
                file: path, line: 0, message: "no such device declaration (declarations live in \(directory))")
        }
        return try parse(text: String(decoding: data, as: UTF8.self), path: absolute)
    }

    /// Parses declaration text read from `path`.
    package func parse(text: String, path: String) throws(SuiteError) -> DeviceDeclaration {
        let root = try YAMLField.root(text: text, file: path)
        let fields = try root.mapping(allowed: [
            "device", "device_class", "on_device", "telemetry", "erase", "storage", "logs",
        ])
        let classField = try fields.required("device_class", in: root)
        let deviceClass = try classField.string()
        guard DeviceClass(rawValue: deviceClass) != nil else {
            throw classField.fail("unknown device class '\(deviceClass)'")
        }
        let onDevice = try stringList(fields["on_device"])
        let telemetryField = try fields.required("telemetry", in: root)
        let telemetry = try parseTelemetry(telemetryField)
        let erase = try parseErase(try fields.required("erase", in: root))
        let storage = try paths(fields["storage"])
        let logs = try paths(fields["logs"])
        return DeviceDeclaration(
            name: try fields.required("device", in: root).string(), deviceClass: deviceClass,
            onDeviceWorkloads: onDevice,
            telemetry: telemetry, erase: erase, storage: storage, logs: logs, path: path)
    }

    /// Checks the declaration against the suite it goes with.
    package func validate(_ declaration: DeviceDeclaration, against suite: Suite) throws(SuiteError) {
        guard declaration.deviceClass == suite.deviceClass.rawValue else {
            throw SuiteError(
                file: declaration.path, line: 1,
                message:
                    "device_class '\(declaration.deviceClass)' differs from suite \(suite.id)'s '\(suite.deviceClass)'")
        }
        let known = Set(suite.workloads.map(\.id))
        for id in declaration.onDeviceWorkloads where !known.contains(id) {
            throw SuiteError(
                file: declaration.path, line: 1,
                message:
                    "on_device names workload '\(id)', which suite \(suite.id) does not have (it has: \(known.sorted().joined(separator: ", ")))"
            )
        }
    }

    private func parseTelemetry(_ field: YAMLField) throws(SuiteError) -> TelemetryDeclaration {
        let fields = try field.mapping(allowed: ["present", "consent_default"])
        let present = try bool(try fields.required("present", in: field))
        let consentField = try fields.required("consent_default", in: field)
        let consent = try consentField.string()
        guard consent == "off" || consent == "on" else {
            throw consentField.fail("expected 'off' or 'on', found '\(consent)'")
        }
        return TelemetryDeclaration(present: present, consentOffByDefault: consent == "off")
    }

    private func parseErase(_ field: YAMLField) throws(SuiteError) -> EraseMethod {
        if let scalar = field.node.scalar {
            switch scalar.string {
            case "agent": return .agentOperation
            case "none": return .none
            default:
                throw field.fail("expected 'agent', 'none' or {command: [program, args...]}, found '\(scalar.string)'")
            }
        }
        let fields = try field.mapping(allowed: ["command"])
        let commandField = try fields.required("command", in: field)
        let command = try commandField.strings()
        guard let first = command.first, first.hasPrefix("/") else {
            throw commandField.fail("the erase command needs an absolute program path")
        }
        return .command(command)
    }

    private func paths(_ field: YAMLField?) throws(SuiteError) -> [String] {
        guard let field else { return [] }
        if field.node.sequence?.isEmpty == true { return [] }
        var result: [String] = []
        for item in try field.sequence() {
            let path = try item.string()
            guard path.hasPrefix("/") || path.hasPrefix(DeviceDeclaration.agentScratchToken) else {
                throw item.fail("expected an absolute path or \(DeviceDeclaration.agentScratchToken), found '\(path)'")
            }
            result.append(path)
        }
        return result
    }

    private func stringList(_ field: YAMLField?) throws(SuiteError) -> [String] {
        guard let field else { return [] }
        if field.node.sequence?.isEmpty == true { return [] }
        return try field.strings()
    }

    private func bool(_ field: YAMLField) throws(SuiteError) -> Bool {
        switch try field.string() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw field.fail("expected true or false")
        }
    }
}
