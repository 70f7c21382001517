import Foundation

/// A fake sysfs tree for the agent (`AITC_SYSFS_ROOT`): a powercap counter that a thread of the
/// test advances at `counterWatts`, wrapping at `rangeMicrojoules`, and a hwmon power sensor at
/// `sensorWatts`. Files are replaced atomically (write + rename) so the agent never reads half a
/// number. The writer stops by itself after `lifetimeSeconds`.
final class FakeSysfs: @unchecked Sendable {
    let root: String
    let counterWatts: Double
    let rangeMicrojoules: Int64
    private let lock = NSLock()
    private var stopped = false
    private let originNs = TracePowerServer.nowNs()

    init(counterWatts: Double, rangeMicrojoules: Int64, sensorWatts: Double, lifetimeSeconds: Double = 60) throws {
        root = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-sysfs-\(UUID().uuidString)")
        self.counterWatts = counterWatts
        self.rangeMicrojoules = rangeMicrojoules
        let zone = "\(root)/class/powercap/fake-rapl:0"
        let hwmon = "\(root)/class/hwmon/hwmon0"
        for dir in [zone, hwmon] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        try "\(rangeMicrojoules)\n".write(toFile: "\(zone)/max_energy_range_uj", atomically: true, encoding: .utf8)
        try "package-0\n".write(toFile: "\(zone)/name", atomically: true, encoding: .utf8)
        try "fakechip\n".write(toFile: "\(hwmon)/name", atomically: true, encoding: .utf8)
        try "\(Int64(sensorWatts * 1e6))\n".write(toFile: "\(hwmon)/power1_input", atomically: true, encoding: .utf8)
        try update()
        let deadline = Date().addingTimeInterval(lifetimeSeconds)
        Thread { [self] in
            while !isStopped && Date() < deadline {
                try? update()
                Thread.sleep(forTimeInterval: 0.001)
            }
        }.start()
    }

    private var isStopped: Bool { lock.withLock { stopped } }
    func stop() { lock.withLock { stopped = true } }

    /// The counter's true energy between two device times, in joules (no wrap).
    func joules(fromNs a: Int64, toNs b: Int64) -> Double { counterWatts * Double(b - a) / 1e9 }

    private func update() throws {
        let microjoules = Int64(counterWatts * Double(TracePowerServer.nowNs() - originNs) / 1e3)
        let value = microjoules % rangeMicrojoules
        try "\(value)\n".write(
            toFile: "\(root)/class/powercap/fake-rapl:0/energy_uj", atomically: true, encoding: .utf8)
    }
}
