import Foundation

/// Runs any ONNX model the device's backend supports through the agent, for makers trying their own
/// models: `bench` times generated inputs, `infer` runs given inputs once and returns every output.
public struct ModelBench: Sendable {
    /// How the device is reached.
    public let driver: any DeviceDriver
    /// `reference` or the path of a vendor backend library on the device.
    public let backend: String
    /// Backend-specific options (a JSON object as text) for the backend's `create`.
    public var backendConfig: String? = nil

    /// A bench on `driver`'s device with `backend` (`reference` or a backend library's path).
    public init(driver: any DeviceDriver, backend: String = "reference") {
        self.driver = driver
        self.backend = backend
    }

    /// Times `queries` back-to-back queries (after `warmup` untimed ones) on seeded random inputs.
    /// - Parameters:
    ///   - shapes: concrete dims for inputs (required for inputs with symbolic dims).
    public func bench(
        modelPath: String, shapes: [String: [Int]] = [:], threads: Int = 1, queries: Int = 100, warmup: Int = 3,
        seed: UInt64 = 20_261_123
    ) throws(BenchError) -> BenchResult {
        guard queries > 0, warmup >= 0 else { throw .badShape("--queries must be at least 1") }
        let model = try Self.read(modelPath)
        let session = try AgentSession(driver: driver)
        defer { session.close() }
        let (loaded, runSha) = try session.load(
            model: model, shapes: shapes, backend: backend, threads: threads, config: backendConfig)
        var rng = SampleIndexGenerator(seed: seed)
        var files: [String: Data] = [:]
        for input in loaded.inputs {
            files[input.name] = try InputGenerator.sample(for: input, using: &rng)
        }
        try session.loadSamples(files)
        let result: RunResult
        do {
            if warmup > 0 {
                _ = try session.client.run(
                    RunRequest(model: "m0", samples: "s0", queries: Array(repeating: 0, count: warmup)), timeout: 600)
            }
            result = try session.client.run(
                RunRequest(model: "m0", samples: "s0", queries: Array(repeating: 0, count: queries)), timeout: 3600)
        } catch {
            throw .agent(error)
        }
        guard let summary = LatencySummary(latenciesNs: result.latenciesNs) else {
            throw .agent(AgentError(.protocolViolation, "the agent returned no query times"))
        }
        return BenchResult(
            p50Ms: summary.p50Ms, p90Ms: summary.p90Ms, p99Ms: summary.p99Ms, minMs: summary.minMs,
            meanMs: summary.meanMs,
            queries: summary.count, warmupQueries: warmup, modelSha256: FileDigest.sha256(model), runSha256: runSha,
            backend: loaded.backend.name, backendVersion: loaded.backend.version, accelerator: result.accelerator,
            threads: threads,
            inputs: loaded.inputs.map {
                TensorInfo(name: $0.name, dtype: $0.dtype, shape: InputGenerator.concreteShape(of: $0))
            },
            seed: seed, loadMs: loaded.loadMs)
    }

    /// Runs one inference on the given `.npy` inputs (by input name) and writes every output as
    /// `outDir/<output-name>.npy` (characters other than letters, digits, `.`, `-`, `_` become `_`).
    /// Returns the paths written, in model output order.
    public func infer(
        modelPath: String, inputs: [String: String], outDir: String, threads: Int = 1
    ) throws(BenchError)
        -> [String]
    {
        let model = try Self.read(modelPath)
        var files: [String: Data] = [:]
        var shapes: [String: [Int]] = [:]
        for (name, path) in inputs {
            let raw = try Self.read(path)
            let (shape, descr, body) = try InputGenerator.split(npy: raw, path: path)
            shapes[name] = shape
            files[name] = NpyWriter.encode(descr: descr, shape: [1] + shape, body: body)
        }
        let declared = try OnnxInputShapes.declared(in: model)
        for (name, _) in declared where inputs[name] == nil {
            throw .badInput("the model input \(name) has no --input \(name)=FILE.npy")
        }
        let session = try AgentSession(driver: driver)
        defer { session.close() }
        let symbolic = Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0.dims) })
        let fixes = shapes.filter { symbolic[$0.key]?.contains(where: { $0 == nil }) ?? true }
        let (loaded, _) = try session.load(
            model: model, shapes: fixes, backend: backend, threads: threads, config: backendConfig)
        try session.loadSamples(files)
        let line =
            #"{"id":900001,"op":"run","model":"m0","samples":"s0","queries":[0],"per_query":1,"issue":"after_completion","outputs":"all"}"#
        let reply: String
        do { reply = try session.client.exchangeRaw(line, timeout: 3600) } catch { throw .agent(error) }
        let record = try Self.firstOutput(of: reply)
        do {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(outDir): \(error.localizedDescription)")
        }
        var written: [String] = []
        for output in loaded.outputs {
            guard let values = record.values[output.name], let shape = record.shapes[output.name],
                let dtype = record.dtypes[output.name], let descr = NpyWriter.descr(forDtype: dtype),
                let body = NpyWriter.body(values: values, dtype: dtype)
            else {
                throw .agent(
                    AgentError(
                        .protocolViolation,
                        "the run reply lacks output \(output.name) with its shape and dtype (agent too old?)"))
            }
            guard shape.reduce(1, *) == values.count else {
                throw .agent(
                    AgentError(
                        .protocolViolation, "output \(output.name): shape \(shape) does not hold \(values.count) values"
                    ))
            }
            let safe = String(output.name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
            let path = (outDir as NSString).appendingPathComponent(safe + ".npy")
            do {
                try NpyWriter.encode(descr: descr, shape: shape, body: body).write(to: URL(fileURLWithPath: path))
            } catch {
                throw .io("cannot write \(path): \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }

    private struct OutputRecord {
        var values: [String: [Double?]] = [:]
        var shapes: [String: [Int]] = [:]
        var dtypes: [String: String] = [:]
    }

    private static func firstOutput(of reply: String) throws(BenchError) -> OutputRecord {
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
            throw .agent(AgentError(.protocolViolation, "malformed run reply: \(reply.prefix(200))"))
        }
        guard object["ok"] as? Bool == true else {
            let error = object["error"] as? [String: Any]
            let message = error?["message"] as? String ?? String(reply.prefix(300))
            if let code = error?["code"] as? String, code == "backend_error" || code == "unsupported_operator" {
                throw .unsupportedModel(message)
            }
            throw .agent(AgentError(.agentRefused, message, agentCode: error?["code"] as? String))
        }
        guard let outputs = object["outputs"] as? [[String: Any]], let first = outputs.first else {
            throw .agent(AgentError(.protocolViolation, "the run reply has no outputs"))
        }
        var record = OutputRecord()
        for (name, list) in first["values"] as? [String: [Any]] ?? [:] {
            record.values[name] = list.map { ($0 as? NSNumber)?.doubleValue }
        }
        for (name, dims) in first["shapes"] as? [String: [Any]] ?? [:] {
            record.shapes[name] = dims.compactMap { ($0 as? NSNumber)?.intValue }
        }
        record.dtypes = first["dtypes"] as? [String: String] ?? [:]
        return record
    }

    static func read(_ path: String) throws(BenchError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
        return data
    }
}
