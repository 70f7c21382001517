import ArgumentParser
import Foundation
import Harness

/// `aitc bench`: time any supported ONNX model on a device with seeded generated inputs.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time an ONNX model on a device with generated inputs and print latency percentiles.",
        discussion: """
            Inputs are seeded random values (floats in [-1, 1), integers 0/1) staged as .npy files; the agent \
            times every query on the device clock. Exit 0 measured, 2 the model was refused or the run failed, \
            64 misuse.
            """)

    @Option(help: "The ONNX model file.")
    var model: String

    @Option(help: "Device: local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL, ssh://USER@HOST.")
    var device: String = "local"

    @Option(help: "Concrete dims of an input, NAME=D0,D1,... (needed for symbolic dims); repeatable.")
    var shape: [String] = []

    @Option(help: "Backend worker threads.")
    var threads: Int = 1

    @Option(help: "Timed queries (after 3 untimed warm-up queries).")
    var queries: Int = 100

    @Option(help: "Backend on the device: 'reference' or the path of a backend shared library.")
    var backend: String = "reference"

    @Option(help: "Backend-specific options as a JSON object (or @FILE), given to the backend's create().")
    var backendConfig: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard threads >= 1, threads <= 64 else { throw ValidationError("--threads must be 1...64") }
        guard queries >= 1 else { throw ValidationError("--queries must be at least 1") }
        _ = try Self.parseShapes(shape)
    }

    /// `NAME=1,3,224,224` options as a dictionary.
    static func parseShapes(_ options: [String]) throws -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1)
            let dims =
                parts.count == 2
                ? parts[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) } : []
            guard parts.count == 2, !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--shape \(option): expected NAME=D0,D1,... with positive dims")
            }
            out[String(parts[0])] = dims.compactMap { $0 }
        }
        return out
    }

    func run() throws {
        let spec: DeviceSpec
        do { spec = try DeviceSpec(parsing: device) } catch { throw ValidationError(error.description) }
        do {
            var bench = ModelBench(driver: try DriverFactory.driver(for: spec), backend: backend)
            bench.backendConfig = try backendConfig.map { text in try setup { try BackendConfig.resolve(text) } }
            let result = try bench.bench(
                modelPath: model, shapes: try Self.parseShapes(shape), threads: threads, queries: queries)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                let shapes = result.inputs.map { "\($0.name) \($0.dtype) \($0.shape)" }.joined(separator: ", ")
                print("model \(model) (sha256 \(result.modelSha256))")
                print(
                    "backend \(result.backend) \(result.backendVersion) on \(result.accelerator), \(result.threads) thread(s); inputs \(shapes)"
                )
                print(
                    String(
                        format: "p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  (min %.3f, mean %.3f) over %d queries",
                        result.p50Ms, result.p90Ms, result.p99Ms, result.minMs, result.meanMs, result.queries))
            }
        } catch let error as BenchError {
            printError("aitc bench: \(error.message)")
            throw ExitCode(2)
        } catch let error as AgentError {
            printError("aitc bench: \(error.description)")
            throw ExitCode(2)
        }
    }
}
