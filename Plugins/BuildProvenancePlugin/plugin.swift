import Foundation
import PackagePlugin

/// Records, at build time, the version of every package the harness is built against — from the
/// package graph SwiftPM resolved for this very build, not from a file read when the harness runs —
/// as a generated Swift file of the target (`BuiltDependencies`), so a report's
/// `harness.build.dependencies` describe the executable that ran, whatever the checkout holds later.
@main
struct BuildProvenancePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        var versions: [String: String] = [:]
        var seen: Set<String> = []
        func visit(_ package: Package) {
            for dependency in package.dependencies where seen.insert(dependency.package.id).inserted {
                versions[dependency.package.id] = Self.version(of: dependency.package)
                visit(dependency.package)
            }
        }
        visit(context.package)
        let entries = versions.sorted { $0.key < $1.key }.map {
            "        \(Self.literal($0.key)): \(Self.literal($0.value)),"
        }
        let source = """
            // Generated at build time by Plugins/BuildProvenancePlugin from the resolved package graph. Do not edit.
            /// The packages this executable was built against: identity → version (or revision), as SwiftPM
            /// resolved them for the build.
            package enum BuiltDependencies {
                package static let versions: [String: String] = [
            \(entries.isEmpty ? "        :" : entries.joined(separator: "\n"))
                ]
            }

            """
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltDependencies.swift")
        // The text is an argument, so a change of any version changes the command and re-runs it.
        return [
            .buildCommand(
                displayName: "Recording the dependency versions of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", #"printf '%s' "$1" > "$2""#, "sh", source, output.path],
                inputFiles: [], outputFiles: [output])
        ]
    }

    /// The version SwiftPM resolved: a tag, else the branch and revision, else where the code came from.
    static func version(of package: Package) -> String {
        switch package.origin {
        case .repository(_, let displayVersion, let scmRevision):
            return displayVersion.isEmpty ? scmRevision : displayVersion
        case .registry(_, let displayVersion):
            return displayVersion
        case .local:
            return "local package (no version)"
        case .root:
            return "root package"
        @unknown default:
            return "unknown"
        }
    }

    /// `text` as a Swift string literal.
    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
