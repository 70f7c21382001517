import ArgumentParser

/// `aitc meters`: the energy meters a lab can use.
struct MetersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meters", abstract: "Energy meters this host and the local device expose.",
        subcommands: [MetersList.self])
}
