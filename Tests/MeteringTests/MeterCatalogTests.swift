import Foundation
import Testing

@testable import Metering

@Suite struct MeterCatalogTests {
    func write(_ root: URL, _ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func listsPowercapHwmonAndBatteries() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("aitc-sysfs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try write(root, "class/powercap/intel-rapl:0/name", "package-0\n")
        try write(root, "class/powercap/intel-rapl:0/energy_uj", "123456\n")
        try write(root, "class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n")
        try write(root, "class/powercap/intel-rapl:1/energy_uj", "")  // unreadable (root-only) shows as empty
        try write(root, "class/powercap/intel-rapl/enabled", "1\n")  // a control node, no counter
        try write(root, "class/hwmon/hwmon3/name", "ina3221\n")
        try write(root, "class/hwmon/hwmon3/power1_input", "2500000\n")
        try write(root, "class/hwmon/hwmon3/power1_label", "VDD_CPU\n")
        try write(root, "class/hwmon/hwmon3/temp1_input", "40000\n")
        try write(root, "class/power_supply/BAT0/current_now", "500000\n")
        try write(root, "class/power_supply/BAT0/voltage_now", "11400000\n")
        try write(root, "class/power_supply/AC/online", "1\n")

        let sources = MeterCatalog(root: root.path).list()
        #expect(
            sources.map(\.name) == [
                "hwmon:ina3221/power1 (VDD_CPU)", "power_supply:BAT0", "powercap:intel-rapl:0 (package-0)",
                "powercap:intel-rapl:1",
            ])
        let rapl = try #require(sources.first { $0.name.hasPrefix("powercap:intel-rapl:0") })
        #expect(rapl.kind == .energyMicrojoules)
        #expect(rapl.maxRangeMicrojoules == 262_143_328_850)
        #expect(rapl.readable)
        #expect(sources.first { $0.name == "powercap:intel-rapl:1" }?.readable == false)
        #expect(sources.first { $0.name == "power_supply:BAT0" }?.kind == .currentAndVoltage)
    }

    @Test func emptyRootListsNothing() {
        #expect(MeterCatalog(root: "/nonexistent-aitc-root").list().isEmpty)
    }
}
