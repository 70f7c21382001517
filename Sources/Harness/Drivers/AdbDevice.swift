import Foundation

/// One Android device reached with `adb -s SERIAL` (or the program in `AITC_ADB`).
struct AdbDevice: Sendable {
    let serial: String
    let adb: HostCommand

    init(serial: String, program: String, environment: [String: String] = [:]) {
        self.serial = serial
        adb = HostCommand(executable: program, environment: environment)
    }

    /// `adb -s SERIAL ARGS…`
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 60) throws(AgentError) -> String {
        try adb.run(["-s", serial] + arguments, timeout: timeout).stdout
    }

    /// `adb shell COMMAND`, trimmed output.
    func shell(_ command: String, timeout: Double = 30) throws(AgentError) -> String {
        try run(["shell", command], timeout: timeout).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A system property, nil when empty or unreadable.
    func property(_ name: String) -> String? {
        guard let value = try? shell("getprop \(name)"), !value.isEmpty else { return nil }
        return value
    }

    /// `power_supply/battery` current and voltage, nil when either is unreadable.
    func battery() -> BatteryReading? {
        let folder = "/sys/class/power_supply/battery"
        guard let current = (try? shell("cat \(folder)/current_now")).flatMap({ Int64($0) }),
            let voltage = (try? shell("cat \(folder)/voltage_now")).flatMap({ Int64($0) })
        else { return nil }
        let status = try? shell("cat \(folder)/status")
        return BatteryReading(
            currentMicroamps: current, voltageMicrovolts: voltage, status: status?.isEmpty == false ? status : nil)
    }

    /// The agent architecture for an Android ABI (`ro.product.cpu.abi`), nil when none is built.
    static func architecture(forABI abi: String) -> String? {
        switch abi {
        case "arm64-v8a": return "aarch64"
        case "armeabi-v7a", "armeabi": return "armhf"
        case "x86_64": return "x86_64"
        default: return nil
        }
    }
}
