import ArgumentParser
import Certification
import Harness

/// Where to find standards and suites; defaults to the project folder aitc runs from.
struct ProjectOptions: ParsableArguments {
    @Option(help: "Folder or file(s) of standard definitions (default: Standards/ of the project).")
    var standards: [String] = []

    @Option(help: "Folder of suites (default: Suites/ of the project).")
    var suitesDir: String?

    /// The discovered project layout, or a usage error saying how to point at one.
    func layout() throws -> ProjectLayout {
        guard let layout = ProjectLayout.discover() else {
            throw CertificationError(
                .setup,
                "cannot find the aitc project folder (Standards/ and Suites/); run from the checkout or pass --standards and --suites-dir"
            )
        }
        return layout
    }

    func standardsPaths() throws -> [String] {
        standards.isEmpty ? [try layout().standardsDirectory] : standards
    }

    func suitesDirectory() throws -> String {
        try suitesDir ?? layout().suitesDirectory
    }
}
