import ArgumentParser
import Attestation
import Desk
import Foundation

/// `aitc report show|json|junit|html`: a report read for people, scripts, CI and browsers.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Show a report (bundle, envelope or report file) as a table, JSON verdicts, JUnit XML or one HTML page.",
        discussion: "Reading is not verifying: run `aitc verify` first.",
        subcommands: [Show.self, JSON.self, JUnit.self, HTML.self, Diff.self])

    struct Input: ParsableArguments {
        @Argument(help: "The bundle (.sigstore.json), envelope (.dsse.json) or report (.report.json).")
        var file: String

        func document() throws -> ReportDocument {
            try setup { try ReportDocument.load(path: file) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Device, suite, decision and each clause with value, threshold and verdict.")
        @OptionGroup var input: Input
        func run() throws { print(ReportRendering.table(try input.document()), terminator: "") }
    }

    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "The verdicts and decision as JSON, for scripts.")
        @OptionGroup var input: Input
        func run() throws { print(ReportRendering.json(try input.document()).canonicalString()) }
    }

    struct JUnit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "junit", abstract: "JUnit XML: each clause a test case; failures carry the reason.")
        @OptionGroup var input: Input
        @Option(name: .shortAndLong, help: "Output file.") var output: String
        func run() throws {
            try setup {
                try ReportRendering.junit(try input.document()).write(toFile: output, atomically: true, encoding: .utf8)
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "What changed between two reports: decision, verdicts and values. Exit 0 identical rows, 1 differences."
        )
        @Argument(help: "The earlier report (bundle, envelope or report file).") var before: String
        @Argument(help: "The later report.") var after: String
        func run() throws {
            let diff = ReportDiff(
                before: try setup { try ReportDocument.load(path: before) },
                after: try setup { try ReportDocument.load(path: after) })
            let lines = diff.lines
            if lines.isEmpty { print("no difference in decision, verdicts or values") }
            for line in lines { print(line) }
            if !lines.isEmpty { throw ExitCode(1) }
        }
    }

    struct HTML: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "html", abstract: "One self-contained HTML page with inline SVG charts.")
        @OptionGroup var input: Input
        @Option(name: .shortAndLong, help: "Output file.") var output: String
        func run() throws {
            try setup {
                try HTMLReport.render(try input.document()).write(toFile: output, atomically: true, encoding: .utf8)
            }
        }
    }
}
