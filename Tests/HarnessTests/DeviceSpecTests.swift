import Testing

@testable import Harness

struct DeviceSpecTests {
    @Test func parsesEveryDriverForm() throws {
        #expect(try DeviceSpec(parsing: "local") == .local)
        #expect(try DeviceSpec(parsing: "tcp://127.0.0.1:7000") == .tcp(host: "127.0.0.1", port: 7000))
        #expect(try DeviceSpec(parsing: "qemu:aarch64") == .qemu(arch: "aarch64"))
        #expect(try DeviceSpec(parsing: "adb:R58M123") == .adb(serial: "R58M123"))
        #expect(try DeviceSpec(parsing: "ssh://root@board") == .ssh(destination: "root@board"))
    }

    @Test(arguments: ["", "lokal", "tcp://host", "tcp://host:0", "tcp://host:99999", "tcp://:80", "qemu:", "adb:"])
    func refusesMalformedSpecs(_ text: String) {
        #expect(throws: DeviceSpecError.self) { try DeviceSpec(parsing: text) }
    }
}
