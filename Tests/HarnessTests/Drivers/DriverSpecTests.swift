import Testing

@testable import Harness

struct DriverSpecTests {
    @Test func tcpTakesATokenFileQuery() throws {
        #expect(
            try DeviceSpec(parsing: "tcp://127.0.0.1:7000?token_file=/etc/aitc/token")
                == .tcp(host: "127.0.0.1", port: 7000, tokenFile: "/etc/aitc/token"))
        #expect(try DeviceSpec(parsing: "tcp://[::1]:7000") == .tcp(host: "::1", port: 7000))
        #expect(throws: DeviceSpecError.self) { try DeviceSpec(parsing: "tcp://h:7000?token=abc") }
    }

    @Test func sshTakesAnOptionalPort() throws {
        #expect(SSHDestination("root@board:2222") == SSHDestination("root@board:2222"))
        let withPort = try #require(SSHDestination("root@board:2222"))
        #expect(withPort.target == "root@board" && withPort.port == 2222)
        let plain = try #require(SSHDestination("pi@10.1.2.3"))
        #expect(plain.target == "pi@10.1.2.3" && plain.port == nil)
        #expect(SSHDestination("board") == nil)
        #expect(SSHDestination("root@board:99999") == nil)
        #expect(throws: DeviceSpecError.self) { try DeviceSpec(parsing: "ssh://board") }
    }

    @Test func qemuArchitecturesWithoutJsonCAreRefusedAtParseTime() throws {
        #expect(try DeviceSpec(parsing: "qemu:armhf") == .qemu(arch: "armhf"))
        for arch in ["riscv64", "loongarch64", "sparc64"] {
            do {
                _ = try DeviceSpec(parsing: "qemu:\(arch)")
                Issue.record("qemu:\(arch) must be refused")
            } catch {
                #expect(error.message.contains("no json-c"), "\(error.message)")
            }
        }
        #expect(QemuArchitecture.unsupportedReason("s390x")?.contains("not been validated") == true)
    }
}
