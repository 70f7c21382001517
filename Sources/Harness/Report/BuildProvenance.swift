import Foundation

/// How the harness that wrote a report was built, so two reports' stacks can be told apart: the
/// compiler it was built with, its build configuration (a debug build says so), the versions of the
/// packages it was built against (written into the binary at build time), and the SHA-256 of the
/// running executable (which settles the rest).
public struct BuildProvenance: Codable, Sendable, Equatable {
    /// `debug` or `release`, from the compiler's `DEBUG` condition.
    public let configuration: String
    /// The Swift compiler, to the minor version (`#if compiler(...)`); the language mode is Swift 6.
    public let compiler: String
    /// Package identity → version (or revision) of every package the harness was built against,
    /// recorded at build time from the resolved package graph.
    public let dependencies: [String: String]
    /// Where `dependencies` came from.
    public let dependenciesSource: String
    /// SHA-256 of the running executable (`/proc/self/exe`), or "unknown".
    public let executableSHA256: String

    /// Provenance with every figure given (the build plugin's output, or a test's).
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

    /// Where ``dependencies`` come from in every report this build writes.
    public static let builtDependenciesSource =
        "the package graph SwiftPM resolved for this build, recorded at build time (Plugins/BuildProvenancePlugin)"

    /// The provenance of the running harness. The dependency versions were written into the
    /// executable when it was built, so they describe this binary, not whatever checkout it runs from.
    public static func current() -> BuildProvenance {
        BuildProvenance(
            configuration: configuration, compiler: compiler, dependencies: BuiltDependencies.versions,
            dependenciesSource: builtDependenciesSource,
            executableSHA256: FileDigest.sha256(file: "/proc/self/exe") ?? "unknown")
    }
}
