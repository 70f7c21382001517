import Foundation
import Logging

/// The conformance kit behind `aitc backend check`: loads every model of a suite through a backend
/// and checks the rules of `aitc_backend.h` (Docs/backends.md) a maker must keep before certifying —
/// refusals before anything runs, output info filled, outputs owned until the next run, repeated
/// load and unload, two models alive at once, the thread count honoured, nothing on stdout, and the
/// suite's quality gates met.
public struct BackendCheck: Sendable {
    /// The device the backend is checked on.
    public let driver: any DeviceDriver
    /// `reference` or the path of a backend library on the device.
    public let backend: String
    /// The suite whose workloads and quality gates the backend must meet.
    public let suite: Suite
    /// CPU threads the backend is given.
    public let threads: Int
    /// Backend-specific options (a JSON object as text) for every load.
    public var backendConfig: String? = nil
    /// Generation rules for `llm` workloads (their quality gate is the token match); nil skips their gate.
    public var llmRules: LLMRules? = nil

    /// A check of `backend` on `driver`'s device against `suite`.
    public init(driver: any DeviceDriver, backend: String, suite: Suite, threads: Int = 1) {
        self.driver = driver
        self.backend = backend
        self.suite = suite
        self.threads = threads
    }

    /// Runs every check; never throws: a failure is a row.
    public func run() -> [BackendCheckRow] {
        var rows: [BackendCheckRow] = []
        let transport: any AgentTransport
        do {
            transport = try driver.connect()
        } catch {
            return [BackendCheckRow(workload: "-", rule: "agent starts", passed: false, detail: error.message)]
        }
        let pid = (transport as? ProcessTransport)?.processIdentifier
        let client = AgentClient(transport: transport)
        defer { client.bye() }
        do { _ = try client.hello() } catch {
            return [BackendCheckRow(workload: "-", rule: "agent starts", passed: false, detail: error.message)]
        }
        var session = Session(check: self, client: client, pid: pid)
        rows.append(session.refusal())
        for (index, workload) in suite.workloads.enumerated() where session.alive {
            rows += session.workload(workload, index: index)
        }
        rows.append(
            BackendCheckRow(
                workload: "-", rule: "nothing written to stdout", passed: session.alive,
                detail: session.alive
                    ? "every reply on the agent's stdout was the agent's own"
                    : "the session broke: \(session.brokenBy ?? "")"))
        return rows
    }

    /// One agent session's checks, in order.
    private struct Session {
        let check: BackendCheck
        let client: AgentClient
        let pid: Int32?
        var alive = true
        var brokenBy: String?

        /// Records a failure; a protocol violation means something else wrote to the protocol channel.
        mutating func failed(_ workload: String, _ rule: String, _ error: AgentError) -> BackendCheckRow {
            if error.code == .protocolViolation || error.isDeviceLost {
                alive = false
                brokenBy = error.message
            }
            return BackendCheckRow(workload: workload, rule: rule, passed: false, detail: error.message)
        }

        func load(_ handle: String, _ file: AssetFile) throws(AgentError) -> LoadedModel {
            try client.loadModel(
                handle: handle, path: try check.driver.stage(file), sha256: file.sha256, backend: check.backend,
                accelerator: "cpu", threads: check.threads, config: check.backendConfig)
        }

        /// A model with an operator no runtime has must be refused by load_model, before any run.
        mutating func refusal() -> BackendCheckRow {
            let rule = "refuses before running"
            guard let source = check.suite.workloads.first(where: { $0.llm == nil })?.model,
                let bytes = FileManager.default.contents(atPath: source.path)
            else {
                return BackendCheckRow(
                    workload: "-", rule: rule, passed: false, detail: "the suite has no model to alter")
            }
            let altered = BackendCheck.unknownOperator(in: bytes)
            let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "aitc-check-\(UUID().uuidString).onnx")
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard FileManager.default.createFile(atPath: path, contents: altered) else {
                return BackendCheckRow(workload: "-", rule: rule, passed: false, detail: "cannot write \(path)")
            }
            do {
                _ = try load("refusal", AssetFile(path: path, sha256: FileDigest.sha256(altered)))
                return BackendCheckRow(
                    workload: "-", rule: rule, passed: false,
                    detail:
                        "a model whose operators are renamed to ones no runtime has (Cxnv, ...) was accepted by load")
            } catch  where error.agentCode == "unsupported_operator" || error.agentCode == "model_invalid" {
                return BackendCheckRow(
                    workload: "-", rule: rule, passed: true, detail: "refused at load: \(error.message)")
            } catch {
                return failed("-", rule, error)
            }
        }

        mutating func workload(_ workload: Workload, index: Int) -> [BackendCheckRow] {
            if workload.llm != nil { return generation(workload, index: index) }
            let id = workload.id
            let handle = "c\(index)"
            var rows: [BackendCheckRow] = []
            let model: LoadedModel
            let samples: LoadedSamples
            do {
                model = try load(handle, workload.model)
                // loaded four more times under the same handle: each replaces (unloads) the one before
                for _ in 0..<4 { _ = try load(handle, workload.model) }
                var inputs: [String: FileReference] = [:]
                for (name, file) in workload.inputs {
                    inputs[name] = FileReference(path: try check.driver.stage(file), sha256: file.sha256)
                }
                samples = try client.loadSamples(handle: "s\(index)", model: handle, inputs: inputs)
                rows.append(
                    .init(
                        workload: id, rule: "repeated load and unload", passed: true,
                        detail: "loaded 5 times under one handle, each load unloading the last"))
            } catch {
                return [failed(id, "loads", error)]
            }
            let loaded = LoadedWorkload(
                workload: workload, model: model, modelHandle: handle, samplesHandle: "s\(index)",
                sampleCount: samples.count)
            let other = min(1, samples.count - 1)
            // output info and ownership: [0, other, 0] in one run; the first and last outputs must match
            do {
                let result = try client.run(
                    RunRequest(model: handle, samples: "s\(index)", queries: [0, other, 0], outputs: .all), timeout: 600
                )
                rows.append(outputInfo(id, model: model, result: result))
                rows.append(ownership(id, result: result))
            } catch {
                rows.append(failed(id, "output info filled", error))
                return rows
            }
            rows.append(twoAlive(workload, index: index, handle: handle))
            rows.append(threadsHonoured(loaded))
            do {
                let accuracy = try AccuracyRun().measure(loaded, client: client)
                rows.append(gates(id, accuracy))
            } catch {
                rows.append(BackendCheckRow(workload: id, rule: "quality gates", passed: false, detail: error.message))
            }
            return rows
        }

        func outputInfo(_ id: String, model: LoadedModel, result: RunResult) -> BackendCheckRow {
            let rule = "output info filled"
            guard let first = result.outputs?.first else {
                return .init(workload: id, rule: rule, passed: false, detail: "the run returned no outputs")
            }
            for output in model.outputs {
                guard let values = first.values[output.name] else {
                    return .init(
                        workload: id, rule: rule, passed: false, detail: "output \(output.name) missing from the run")
                }
                let shape = first.shapes?[output.name] ?? []
                let dtype = first.dtypes?[output.name] ?? "undefined"
                guard dtype != "undefined", dtype == output.dtype, shape.reduce(1, *) == values.count,
                    shape.count == output.shape.count,
                    zip(shape, output.shape).allSatisfy({ $1 < 0 || $0 == $1 })
                else {
                    return .init(
                        workload: id, rule: rule, passed: false,
                        detail:
                            "output \(output.name): described \(output.dtype) \(output.shape), run gave \(dtype) \(shape) with \(values.count) values"
                    )
                }
            }
            return .init(
                workload: id, rule: rule, passed: true,
                detail: "dtype, rank and dims of \(model.outputs.count) output(s) match the values")
        }

        func ownership(_ id: String, result: RunResult) -> BackendCheckRow {
            let rule = "outputs owned until the next run"
            guard let outputs = result.outputs, outputs.count == 3 else {
                return .init(
                    workload: id, rule: rule, passed: false,
                    detail: "the run returned \(result.outputs?.count ?? 0) of 3 outputs")
            }
            let same = outputs[0].values == outputs[2].values
            return .init(
                workload: id, rule: rule, passed: same,
                detail: same
                    ? "the same sample before and after another gave the same outputs"
                    : "sample 0 gave other outputs after another sample ran: a buffer was reused or freed early")
        }

        mutating func twoAlive(_ workload: Workload, index: Int, handle: String) -> BackendCheckRow {
            let rule = "two models alive at once"
            let second = "c\(index)b"
            do {
                _ = try load(second, workload.model)
                var inputs: [String: FileReference] = [:]
                for (name, file) in workload.inputs {
                    inputs[name] = FileReference(path: try check.driver.stage(file), sha256: file.sha256)
                }
                _ = try client.loadSamples(handle: "s\(index)b", model: second, inputs: inputs)
                let a = try client.run(
                    RunRequest(model: handle, samples: "s\(index)", queries: [0], outputs: .all), timeout: 600)
                let b = try client.run(
                    RunRequest(model: second, samples: "s\(index)b", queries: [0], outputs: .all), timeout: 600)
                let again = try client.run(
                    RunRequest(model: handle, samples: "s\(index)", queries: [0], outputs: .all), timeout: 600)
                let same =
                    a.outputs?.first?.values == b.outputs?.first?.values
                    && a.outputs?.first?.values == again.outputs?.first?.values
                return .init(
                    workload: workload.id, rule: rule, passed: same,
                    detail: same
                        ? "two contexts of the model ran interleaved with equal outputs"
                        : "the second context changed the first one's outputs (shared state between contexts?)")
            } catch {
                return failed(workload.id, rule, error)
            }
        }

        /// How many of the agent's threads did a real share of the work during back-to-back queries
        /// of at least half a second of device time: at most `threads` (the agent's calling thread
        /// counts as one). The runs repeat, re-sized from the last one, until that much has run: a
        /// probe slowed by a neighbour once sized a 0.01 s run, below the kernel's CPU-time tick.
        mutating func threadsHonoured(_ loaded: LoadedWorkload) -> BackendCheckRow {
            let rule = "thread count honoured"
            guard let pid, ProcessCPU.threadSeconds(pid: pid) != nil else {
                return .init(
                    workload: loaded.workload.id, rule: rule, passed: true,
                    detail: "not measurable on this device (no /proc for the agent): not checked")
            }
            do {
                let probe = try client.run(loaded.request(queries: Array(repeating: 0, count: 5)), timeout: 600)
                var count = max(20, min(200_000, Int(0.6 / max(1e-6, probe.durationSeconds / 5))))
                let before = ProcessCPU.threadSeconds(pid: pid) ?? [:]
                var duration = 0.0
                for _ in 0..<8 where duration < 0.5 {
                    let result = try client.run(
                        loaded.request(queries: (0..<count).map { $0 % loaded.sampleCount }), timeout: 600)
                    duration += result.durationSeconds
                    let each = max(1e-6, result.durationSeconds / Double(count))
                    count = max(20, min(200_000, Int(max(0.1, 0.6 - duration) / each)))
                }
                let (busy, used) = ProcessCPU.busyThreads(
                    before: before, after: ProcessCPU.threadSeconds(pid: pid) ?? [:])
                return .init(
                    workload: loaded.workload.id, rule: rule, passed: busy <= check.threads && busy > 0,
                    detail: String(
                        format:
                            "%d thread(s) did the work (each at least 10%% of %.2f CPU s over %.2f s) with --threads %d",
                        busy, used, duration, check.threads))
            } catch {
                return failed(loaded.workload.id, rule, error)
            }
        }

        func gates(_ id: String, _ accuracy: AccuracyResult) -> BackendCheckRow {
            let text = accuracy.gates.map { String(format: "%@ %.4f (target %.4f)", $0.metric, $0.value, $0.target) }
                .joined(separator: ", ")
            let passed =
                !accuracy.gates.isEmpty && accuracy.gates.allSatisfy { $0.targetRatio >= 1 }
                && accuracy.nonFiniteSamples == 0
            return .init(
                workload: id, rule: "quality gates", passed: passed,
                detail: "\(text) over \(accuracy.samples) samples"
                    + (accuracy.nonFiniteSamples > 0 ? ", \(accuracy.nonFiniteSamples) non-finite" : ""))
        }

        /// LLM workloads: prefill and decode load, the generation's token match meets the gate.
        mutating func generation(_ workload: Workload, index: Int) -> [BackendCheckRow] {
            guard let rules = check.llmRules else {
                return [
                    .init(
                        workload: workload.id, rule: "quality gates", passed: false,
                        detail: "no LLM run rules given: not checked")
                ]
            }
            var run = GenerateRun(
                rules: rules, seed: 1, backend: check.backend, accelerator: "cpu", threads: check.threads, batch: 8)
            run.backendConfig = check.backendConfig
            var record = WorkloadRecord(workload: workload, acceleratorRequested: "cpu")
            do {
                try run.measure(workload, index: 100 + index, driver: check.driver, client: client, into: &record)
            } catch {
                if error.message.contains("malformed") {
                    alive = false
                    brokenBy = error.message
                }
                return [.init(workload: workload.id, rule: "quality gates", passed: false, detail: error.message)]
            }
            guard let accuracy = record.accuracy else {
                return [
                    .init(
                        workload: workload.id, rule: "quality gates", passed: false,
                        detail: "the generation gave no score")
                ]
            }
            return [
                .init(
                    workload: workload.id, rule: "loads", passed: true,
                    detail: "prefill and decode models loaded and generated"),
                gates(workload.id, accuracy),
            ]
        }
    }

    /// `bytes` of an ONNX model with every operator type of length 4 or more renamed by changing its
    /// second letter to 'x' where the type is a known one (Conv -> Cxnv, Gemm -> Gxmm, ...): the
    /// protobuf stays valid (same lengths) and no runtime has those operators.
    static func unknownOperator(in bytes: Data) -> Data {
        var out = [UInt8](bytes)
        for name in ["Conv", "Gemm", "MatMul", "Relu", "Add", "Softmax", "Flatten", "Reshape", "Gather"] {
            let pattern = [UInt8](name.utf8)
            var i = 0
            while i + pattern.count <= out.count {
                if i > 0, out[i - 1] == UInt8(pattern.count), Array(out[i..<(i + pattern.count)]) == pattern {
                    out[i + 1] = UInt8(ascii: "x")  // a length-prefixed string equal to the op name: op_type (or a name)
                }
                i += 1
            }
        }
        return Data(out)
    }
}
