import Foundation

/// One connection to a device agent for `bench` / `infer`: stages files, loads a model (fixing its
/// symbolic input dims when asked), loads samples and runs, mapping agent refusals to ``BenchError``.
final class AgentSession {
    let driver: any DeviceDriver
    let client: AgentClient
    let folder: URL

    init(driver: any DeviceDriver) throws(BenchError) {
        self.driver = driver
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("aitc-bench-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create a temporary folder: \(error.localizedDescription)")
        }
        do {
            client = AgentClient(transport: try driver.connect())
            _ = try client.hello()
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw .agent(error)
        }
    }

    func close() {
        client.bye()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `data` into the session folder and stages it on the device; returns (device path, sha256).
    func stage(_ data: Data, name: String) throws(BenchError) -> (path: String, sha256: String) {
        let url = folder.appendingPathComponent(name)
        do { try data.write(to: url) } catch { throw .io("cannot write \(url.path): \(error.localizedDescription)") }
        let digest = FileDigest.sha256(data)
        do {
            return (try driver.stage(AssetFile(path: url.path, sha256: digest)), digest)
        } catch {
            throw .agent(error)
        }
    }

    /// Loads `model` (bytes of an ONNX file) with `shapes` fixed; returns the loaded model and the run copy's digest.
    func load(
        model: Data, shapes: [String: [Int]], backend: String, threads: Int, config: String? = nil
    ) throws(BenchError)
        -> (LoadedModel, runSha256: String?)
    {
        let declared = try OnnxInputShapes.declared(in: model)
        if let unknown = Set(shapes.keys).subtracting(declared.map(\.name)).sorted().first {
            throw .badShape(
                "the model has no input named \(unknown) (inputs: \(declared.map(\.name).joined(separator: ", ")))")
        }
        var fixes: [String: [Int]] = [:]
        for (name, dims) in declared {
            if let given = shapes[name] {
                fixes[name] = given
            } else if dims.dropFirst().contains(where: { $0 == nil }) {  // a symbolic batch alone runs at 1
                let shown = dims.map { $0.map(String.init) ?? "?" }.joined(separator: ",")
                throw .badShape("input \(name) has symbolic dims [\(shown)]: give them with --shape \(name)=D0,D1,...")
            }
        }
        let runModel = fixes.isEmpty ? model : try OnnxInputShapes.fixing(fixes, in: model)
        let staged = try stage(runModel, name: "model.onnx")
        do {
            let loaded = try client.loadModel(
                handle: "m0", path: staged.path, sha256: staged.sha256, backend: backend, accelerator: "cpu",
                threads: threads,
                config: config)
            return (loaded, fixes.isEmpty ? nil : staged.sha256)
        } catch  where error.agentCode == "unsupported_operator" || error.agentCode == "backend_error" {
            throw .unsupportedModel(error.message)  // the agent's message already names the backend and says why
        } catch {
            throw .agent(error)
        }
    }

    /// Stages one `.npy` per input (each holding one sample) and loads them as sample set s0.
    func loadSamples(_ files: [String: Data]) throws(BenchError) {
        var refs: [String: FileReference] = [:]
        for (name, data) in files {
            let safe = name.map { $0.isLetter || $0.isNumber ? $0 : "_" }
            let staged = try stage(data, name: "in_\(String(safe)).npy")
            refs[name] = FileReference(path: staged.path, sha256: staged.sha256)
        }
        do {
            _ = try client.loadSamples(handle: "s0", model: "m0", inputs: refs)
        } catch {
            throw error.agentCode == "shape_mismatch" ? .badInput(error.message) : .agent(error)
        }
    }
}
