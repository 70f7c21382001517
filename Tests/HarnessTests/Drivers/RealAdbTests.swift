import ChildProcesses
import Foundation
import TestSupport
import Testing

@testable import Harness

/// Debian's real adb client with no phone attached, its server on a port of the test's own
/// (`ANDROID_ADB_SERVER_PORT`) so a lab's adb server is not disturbed. What a phone answers is the
/// stand-in's business (`AdbDriverTests`); what adb itself does is shown here.
@Suite(.enabled(if: DriverFixtures.adb != nil, "needs Debian's adb (Tools/bootstrap.sh)"))
struct RealAdbTests {

    /// An environment whose adb server listens on a free port; `stop` ends that server.
    struct PrivateServer {
        let environment: [String: String]

        init() throws {
            environment = DriverFixtures.environment([
                "ANDROID_ADB_SERVER_PORT": String(try FreePort.find()), "AITC_ADB": "",
            ])
        }

        func adb(_ arguments: [String]) throws -> CommandOutput {
            try Command(DriverFixtures.adb ?? "adb", arguments, environment: environment).run(timeout: 60)
        }

        func stop() { _ = try? adb(["kill-server"]) }
    }

    /// `AdbDriver.prepare` for a serial no phone has; returns the error and the seconds it took.
    static func prepareMissingPhone(_ server: PrivateServer) -> (message: String, seconds: Double) {
        let started = Date()
        do {
            _ = try AdbDriver.prepare(
                serial: "aitc-no-such-phone", root: ProjectRoot.path, environment: server.environment)
            return ("accepted", Date().timeIntervalSince(started))
        } catch {
            return (error.message, Date().timeIntervalSince(started))
        }
    }

    @Test func noServerYetAnswersWithinSeconds() throws {
        let server = try PrivateServer()
        defer { server.stop() }
        let (message, seconds) = Self.prepareMissingPhone(server)
        #expect(message.hasPrefix("adb:aitc-no-such-phone: adb does not list this device"), "\(message)")
        #expect(message.contains("not found"), "adb's own words are kept: \(message)")
        #expect(seconds < 20, "the client's exit is seen though the server it forked keeps running: \(seconds) s")
        #expect(try server.adb(["get-state"]).stderr.contains("no devices"), "the forked server runs on")
    }

    @Test func aRunningServerAnswersWithinSeconds() throws {
        let server = try PrivateServer()
        defer { server.stop() }
        #expect(try server.adb(["start-server"]).exit.succeeded)
        let (message, seconds) = Self.prepareMissingPhone(server)
        #expect(message.hasPrefix("adb:aitc-no-such-phone: adb does not list this device"), "\(message)")
        #expect(seconds < 10, "\(seconds) s")
    }
}
