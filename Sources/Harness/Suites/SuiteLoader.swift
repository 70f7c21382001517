import Conformance
import Foundation

/// Reads and validates suite files (`Suites/*.yaml`).
public struct SuiteLoader: Sendable {
    /// The folder that holds named suites.
    public let suitesDirectory: String

    /// A loader that finds suites by name in `suitesDirectory`.
    public init(suitesDirectory: String) {
        self.suitesDirectory = suitesDirectory
    }

    /// Names of the suites in the folder.
    public func names() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: suitesDirectory)) ?? []
        return entries.filter { $0.hasSuffix(".yaml") && $0 != RunRules.fileName }
            .map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a suite given by name (`smartphone`) or by path (`Suites/smartphone.yaml`).
    public func load(_ nameOrPath: String) throws(SuiteError) -> Suite {
        let path: String
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            path = nameOrPath
        } else {
            path = (suitesDirectory as NSString).appendingPathComponent("\(nameOrPath).yaml")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            let known = names().joined(separator: ", ")
            throw SuiteError(
                file: path, line: 0, message: "no such suite file (suites in \(suitesDirectory): \(known))")
        }
        return try parse(data: data, path: absolute)
    }

    /// Parses suite text read from `path`; relative asset paths resolve against the file's folder.
    public func parse(data: Data, path: String) throws(SuiteError) -> Suite {
        let root = try YAMLField.root(text: String(decoding: data, as: UTF8.self), file: path)
        let fields = try root.mapping(allowed: ["suite", "version", "title", "device_class", "clauses", "workloads"])
        let base = (path as NSString).deletingLastPathComponent
        let id = try fields.required("suite", in: root).string()
        let version = try fields.required("version", in: root).string()
        let versionField = try fields.required("version", in: root)
        guard version.split(separator: ".").count == 3, version.split(separator: ".").allSatisfy({ Int($0) != nil })
        else { throw versionField.fail("expected a semantic version like 0.1.0, found '\(version)'") }
        let workloadFields = try fields.required("workloads", in: root).sequence()
        var workloads: [Workload] = []
        var seen: Set<String> = []
        for field in workloadFields {
            let workload = try parseWorkload(field, base: base)
            guard seen.insert(workload.id).inserted else { throw field.fail("duplicate workload id '\(workload.id)'") }
            workloads.append(workload)
        }
        guard !workloads.isEmpty else { throw root.fail("a suite needs at least one workload") }
        let classField = try fields.required("device_class", in: root)
        let className = try classField.string()
        guard let deviceClass = DeviceClass(rawValue: className) else {
            throw classField.fail("unknown device class '\(className)'")
        }
        return Suite(
            id: id, version: version, title: try fields.required("title", in: root).string(),
            deviceClass: deviceClass,
            clauses: try fields.required("clauses", in: root).strings(), workloads: workloads, path: path,
            sha256: FileDigest.sha256(data))
    }

    private func parseWorkload(_ field: YAMLField, base: String) throws(SuiteError) -> Workload {
        let fields = try field.mapping(allowed: [
            "id", "title", "kind", "precision", "model", "inputs", "quality", "scenarios", "frame_budget_ms",
            "server_latency_bound_ms", "always_on_period_ms", "llm",
        ])
        let inputsField = try fields.required("inputs", in: field)
        var inputs: [String: AssetFile] = [:]
        for (name, value) in try inputsField.mapping(
            allowed: Set(inputsField.node.mapping?.keys.compactMap(\.string) ?? []))
        {
            inputs[name] = try asset(value, base: base)
        }
        guard !inputs.isEmpty else { throw inputsField.fail("a workload needs at least one input sample file") }
        let quality = try parseQuality(try fields.required("quality", in: field), base: base)
        let scenariosField = try fields.required("scenarios", in: field)
        var scenarios: [Scenario] = []
        for item in try scenariosField.sequence() {
            let name = try item.string()
            guard let scenario = Scenario(rawValue: name) else {
                let known = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
                throw item.fail("unknown scenario '\(name)' (known: \(known))")
            }
            guard Scenario.implemented.contains(scenario) else {
                throw item.fail("scenario '\(name)' is not implemented by this harness version")
            }
            scenarios.append(scenario)
        }
        let precisionField = try fields.required("precision", in: field)
        let precision = try precisionField.string()
        guard ["fp32", "fp16", "int8"].contains(precision) else {
            throw precisionField.fail("unknown precision '\(precision)' (known: fp32, fp16, int8)")
        }
        let frameBudget = try fields["frame_budget_ms"].map { field throws(SuiteError) in try field.double() }
        let serverBound = try fields["server_latency_bound_ms"].map { field throws(SuiteError) in try field.double() }
        if scenarios.contains(.server) && serverBound == nil {
            throw scenariosField.fail("the server scenario needs server_latency_bound_ms")
        }
        let alwaysOnPeriod = try fields["always_on_period_ms"].map { field throws(SuiteError) in try field.double() }
        if scenarios.contains(.alwaysOn) && (alwaysOnPeriod ?? 0) <= 0 {
            throw scenariosField.fail("the always-on scenario needs a positive always_on_period_ms")
        }
        let kindField = try fields.required("kind", in: field)
        let kindName = try kindField.string()
        guard let kind = WorkloadKind(rawValue: kindName) else {
            throw kindField.fail("unknown workload kind '\(kindName)'")
        }
        return Workload(
            id: try fields.required("id", in: field).string(), title: try fields.required("title", in: field).string(),
            kind: kind, precision: precision,
            model: try asset(try fields.required("model", in: field), base: base), inputs: inputs,
            quality: quality,
            scenarios: scenarios, frameBudgetMs: frameBudget, serverLatencyBoundMs: serverBound,
            alwaysOnPeriodMs: alwaysOnPeriod,
            llm: try fields["llm"].map { field throws(SuiteError) in try parseGeneration(field, base: base) })
    }

    /// `llm:` is `{decode_model: {path, sha256}, new_tokens}`.
    private func parseGeneration(_ field: YAMLField, base: String) throws(SuiteError) -> GenerationSpec {
        let fields = try field.mapping(allowed: ["decode_model", "new_tokens"])
        let tokensField = try fields.required("new_tokens", in: field)
        let tokens = try tokensField.int()
        guard tokens > 0 else { throw tokensField.fail("new_tokens must be positive") }
        return GenerationSpec(
            decodeModel: try asset(try fields.required("decode_model", in: field), base: base), newTokens: tokens)
    }

    /// `quality:` is a list of gates `{metric, target, reference}`.
    private func parseQuality(_ field: YAMLField, base: String) throws(SuiteError) -> QualitySpec {
        var gates: [QualityGate] = []
        for item in try field.sequence() {
            let gate = try item.mapping(allowed: ["metric", "target", "reference"])
            let metricField = try gate.required("metric", in: item)
            guard let metric = QualityGate.Metric(rawValue: try metricField.string()) else {
                let known = QualityGate.Metric.allCases.map(\.rawValue).joined(separator: ", ")
                throw metricField.fail("unknown quality metric (known: \(known))")
            }
            let targetField = try gate.required("target", in: item)
            let target = try targetField.double()
            guard target > 0 else { throw targetField.fail("the quality target must be positive") }
            gates.append(
                QualityGate(
                    metric: metric, target: target,
                    reference: try asset(try gate.required("reference", in: item), base: base)))
        }
        guard !gates.isEmpty else { throw field.fail("a workload needs at least one quality gate") }
        return QualitySpec(gates: gates)
    }

    private func asset(_ field: YAMLField, base: String) throws(SuiteError) -> AssetFile {
        let fields = try field.mapping(allowed: ["path", "sha256"])
        let path = try fields.required("path", in: field).string()
        let digestField = try fields.required("sha256", in: field)
        let digest = try digestField.string().lowercased()
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
            throw digestField.fail("expected a SHA-256 digest of 64 hex digits")
        }
        let absolute = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return AssetFile(path: URL(fileURLWithPath: absolute).standardizedFileURL.path, sha256: digest)
    }
}
