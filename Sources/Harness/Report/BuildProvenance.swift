import Foundation

/// How the harness that wrote a report was built, so two reports' stacks can be told apart: the
/// compiler it was built with, its build configuration (a debug build says so), the versions of the
/// packages it was built against, and the SHA-256 of the running executable (which settles the rest).
public struct BuildProvenance: Codable, Sendable, Equatable {
    /// `debug` or `release`, from the compiler's `DEBUG` condition.
    public let configuration: String
    /// The Swift compiler, to the minor version (`#if compiler(...)`); the language mode is Swift 6.
    public let compiler: String
    /// Package identity → version (or revision), from the checkout's `Package.resolved`; empty when
    /// there is none (then `dependenciesSource` says so).
    public let dependencies: [String: String]
    /// Where `dependencies` came from.
    public let dependenciesSource: String
    /// SHA-256 of the running executable (`/proc/self/exe`), or "unknown".
    public let executableSHA256: String

    public init(
        configuration: String, compiler: String, dependencies: [String: String], dependenciesSource: String,
        executableSHA256: String
    ) {
        self.configuration = configuration
        self.compiler = compiler
        self.dependencies = dependencies
        self.dependenciesSource = dependenciesSource
        self.executableSHA256 = executableSHA256
    }

    enum CodingKeys: String, CodingKey {
        case configuration, compiler, dependencies, dependenciesSource
        case executableSHA256 = "executableSha256"
    }

    /// The configuration this code was compiled in.
    public static var configuration: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    /// The compiler this code was compiled with, as precise as `#if compiler` allows.
    public static var compiler: String {
        #if compiler(>=6.5)
            "Swift 6.5 or later"
        #elseif compiler(>=6.4)
            "Swift 6.4"
        #elseif compiler(>=6.3)
            "Swift 6.3"
        #elseif compiler(>=6.2)
            "Swift 6.2"
        #elseif compiler(>=6.1)
            "Swift 6.1"
        #else
            "Swift 6.0"
        #endif
    }

    /// The provenance of the running harness; dependencies from `root/Package.resolved`.
    public static func current(root: String?) -> BuildProvenance {
        var dependencies: [String: String] = [:]
        var source = "unknown: no checkout with a Package.resolved"
        if let root, let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent("Package.resolved")),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let pins = json["pins"] as? [[String: Any]]
        {
            for pin in pins {
                guard let identity = pin["identity"] as? String, let state = pin["state"] as? [String: Any] else { continue }
                dependencies[identity] = (state["version"] as? String) ?? (state["revision"] as? String) ?? "unknown"
            }
            source = "Package.resolved of the checkout"
        }
        return BuildProvenance(
            configuration: configuration, compiler: compiler, dependencies: dependencies, dependenciesSource: source,
            executableSHA256: FileDigest.sha256(file: "/proc/self/exe") ?? "unknown")
    }
}
