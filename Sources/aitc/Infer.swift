import ArgumentParser
import Foundation
import Harness

/// `aitc infer`: one inference on given inputs; every output written as an `.npy` file.
struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one inference on given .npy inputs and write every output as DIR/<output-name>.npy.",
        discussion: """
            Each --input NAME=FILE.npy holds one sample at the shape it should run (symbolic model dims take \
            that shape). Output names have characters other than letters, digits, '.', '-', '_' replaced by '_'. \
            Exit 0 written, 2 the model was refused or the run failed, 64 misuse.
            """)

    @Option(help: "The ONNX model file.")
    var model: String

    @Option(help: "Device: local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL, ssh://USER@HOST.")
    var device: String = "local"

    @Option(help: "An input, NAME=FILE.npy; one per model input.")
    var input: [String] = []

    @Option(help: "Folder the outputs are written to.")
    var out: String

    @Option(help: "Backend worker threads.")
    var threads: Int = 1

    @Option(help: "Backend on the device: 'reference' or the path of a backend shared library.")
    var backend: String = "reference"

    func validate() throws {
        guard threads >= 1, threads <= 64 else { throw ValidationError("--threads must be 1...64") }
        _ = try parsedInputs()
    }

    private func parsedInputs() throws -> [String: String] {
        var out: [String: String] = [:]
        for option in input {
            let parts = option.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--input \(option): expected NAME=FILE.npy")
            }
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    func run() throws {
        let spec: DeviceSpec
        do { spec = try DeviceSpec(parsing: device) } catch { throw ValidationError(error.description) }
        do {
            let bench = ModelBench(driver: try DriverFactory.driver(for: spec), backend: backend)
            for path in try bench.infer(modelPath: model, inputs: try parsedInputs(), outDir: out, threads: threads) {
                print(path)
            }
        } catch let error as BenchError {
            printError("aitc infer: \(error.message)")
            throw ExitCode(2)
        } catch let error as AgentError {
            printError("aitc infer: \(error.description)")
            throw ExitCode(2)
        }
    }
}
