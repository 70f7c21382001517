import Foundation

/// Lists the power and energy readings a Linux host exposes under sysfs: powercap (RAPL),
/// hwmon and power_supply. Pure file reading; the root is injectable for tests.
public struct MeterCatalog: Sendable {
    /// The sysfs root, `/sys` on a real host.
    public let root: String

    /// Creates a catalog reading under `root`.
    public init(root: String = "/sys") { self.root = root }

    /// Every source found, sorted by name; empty when the host exposes none.
    public func list() -> [LocalMeterSource] {
        (powercap() + hwmon() + powerSupply()).sorted { $0.name < $1.name }
    }

    private func powercap() -> [LocalMeterSource] {
        entries("class/powercap").compactMap { zone in
            let dir = "\(root)/class/powercap/\(zone)"
            let counter = "\(dir)/energy_uj"
            guard exists(counter) else { return nil }
            let label = text("\(dir)/name").map { " (\($0))" } ?? ""
            return LocalMeterSource(
                name: "powercap:\(zone)\(label)", kind: .energyMicrojoules, paths: [counter],
                maxRangeMicrojoules: number("\(dir)/max_energy_range_uj"), readable: number(counter) != nil)
        }
    }

    private func hwmon() -> [LocalMeterSource] {
        entries("class/hwmon").flatMap { device -> [LocalMeterSource] in
            let dir = "\(root)/class/hwmon/\(device)"
            let chip = text("\(dir)/name") ?? device
            return entries("class/hwmon/\(device)").compactMap { file -> LocalMeterSource? in
                let kind: LocalMeterSource.Kind
                if file.hasPrefix("power") && file.hasSuffix("_input") {
                    kind = .powerMicrowatts
                } else if file.hasPrefix("energy") && file.hasSuffix("_input") {
                    kind = .energyMicrojoules
                } else {
                    return nil
                }
                let channel = String(file.dropLast("_input".count))
                let label = text("\(dir)/\(channel)_label").map { " (\($0))" } ?? ""
                let path = "\(dir)/\(file)"
                return LocalMeterSource(
                    name: "hwmon:\(chip)/\(channel)\(label)", kind: kind, paths: [path],
                    maxRangeMicrojoules: nil, readable: number(path) != nil)
            }
        }
    }

    private func powerSupply() -> [LocalMeterSource] {
        entries("class/power_supply").compactMap { supply in
            let dir = "\(root)/class/power_supply/\(supply)"
            let power = "\(dir)/power_now"
            if exists(power) {
                return LocalMeterSource(
                    name: "power_supply:\(supply)", kind: .powerMicrowatts, paths: [power],
                    maxRangeMicrojoules: nil, readable: number(power) != nil)
            }
            let paths = ["\(dir)/current_now", "\(dir)/voltage_now"]
            guard paths.allSatisfy(exists) else { return nil }
            return LocalMeterSource(
                name: "power_supply:\(supply)", kind: .currentAndVoltage, paths: paths,
                maxRangeMicrojoules: nil, readable: paths.allSatisfy { number($0) != nil })
        }
    }

    private func entries(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(relative)")) ?? []).sorted()
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingBlanksAndNewlines()
        return value.isEmpty ? nil : value
    }

    private func number(_ path: String) -> Double? { text(path).flatMap(Double.init) }
}
