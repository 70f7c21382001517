import Foundation
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// The link-state evidence of a capture (rtnetlink messages → ``LinkStateChange`` →
/// ``LinkStateLog``), and an audit's refusal to judge a capture whose interface went away for good.
@Suite struct LinkStateTests {
    /// One RTM_NEWLINK (16) or RTM_DELLINK (17) message: nlmsghdr, ifinfomsg, IFLA_IFNAME,
    /// IFLA_OPERSTATE.
    static func message(type: UInt16, index: Int32, flags: UInt32, name: String, operstate: UInt8) -> [UInt8] {
        var nameAttribute: [UInt8] = Array(name.utf8) + [0]
        let nameLength = 4 + nameAttribute.count
        while nameAttribute.count % 4 != 0 { nameAttribute.append(0) }
        let attributes =
            le(UInt16(nameLength)) + le(UInt16(3)) + nameAttribute + le(UInt16(5)) + le(UInt16(16)) + [
                operstate, 0, 0, 0,
            ]
        let body: [UInt8] = [0, 0] + le(UInt16(1)) + le(UInt32(bitPattern: index)) + le(flags) + le(UInt32(0))
        let length = 16 + body.count + attributes.count
        return le(UInt32(length)) + le(type) + le(UInt16(0)) + le(UInt32(0)) + le(UInt32(0)) + body + attributes
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static let up: UInt32 = 0x1 | 0x40 | 0x10000  // IFF_UP | IFF_RUNNING | IFF_LOWER_UP
    static let noCarrier: UInt32 = 0x1

    @Test func aRebootShowsAsCarrierLostAndBackAndOtherInterfacesAreIgnored() {
        let bytes =
            Self.message(type: 16, index: 7, flags: Self.noCarrier, name: "usb0", operstate: 2)
            + Self.message(type: 16, index: 9, flags: Self.up, name: "eth1", operstate: 6)
        let states = LinkStateChange.parse(bytes, index: 7, name: "usb0", timeNs: 5)
        #expect(states.count == 1)
        #expect(states.first?.isUp == false && states.first?.operstate == "down" && states.first?.index == 7)
        // A truncated message ends the parse without reading past the buffer.
        #expect(LinkStateChange.parse(Array(bytes.prefix(40)), index: 7, name: "usb0", timeNs: 5).isEmpty)
        let log = LinkStateLog(
            interface: "usb0",
            changes: [
                LinkStateChange(timeNs: 0, adminUp: true, carrier: true, operstate: "up", removed: false, index: 7),
                LinkStateChange(
                    timeNs: 2_000_000_000, adminUp: true, carrier: false, operstate: "down", removed: false, index: 7),
                LinkStateChange(
                    timeNs: 5_000_000_000, adminUp: true, carrier: true, operstate: "up", removed: false, index: 7),
            ])
        #expect(log.downs == 1 && log.lastReturnNs == 5_000_000_000 && log.lostNs == nil)
        #expect(
            log.line(since: 0)
                == "link state of usb0 during the capture (rtnetlink): up (carrier, operstate up) at the start; "
                + "down (no carrier, operstate down) at +2.0 s; up (carrier, operstate up) at +5.0 s — "
                + "the link went down 1 time and the capture went on")
    }

    /// Docs/privacy.md "Reboots during the capture" quotes the evidence line as the code writes it.
    @Test func theDocsQuoteTheLinkStateLineAsWritten() throws {
        let log = LinkStateLog(
            interface: "usb0",
            changes: [
                LinkStateChange(timeNs: 0, adminUp: true, carrier: true, operstate: "up", removed: false, index: 7),
                LinkStateChange(
                    timeNs: 3_612_400_000_000, adminUp: true, carrier: false, operstate: "down", removed: false,
                    index: 7),
                LinkStateChange(
                    timeNs: 3_618_000_000_000, adminUp: true, carrier: true, operstate: "up", removed: false, index: 7),
            ])
        let docs = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/privacy.md", encoding: .utf8)
        let flat = docs.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains("`\(log.line(since: 0)); 12 of the device's frames counted here came after"),
            "\(log.line(since: 0))")
    }

    @Test func anInterfaceRemovedAndBackUnderItsNameIsFollowedAndOneThatStaysGoneIsNotJudged() throws {
        let removed = Self.message(type: 17, index: 7, flags: Self.noCarrier, name: "usb0", operstate: 2)
        let back = Self.message(type: 16, index: 12, flags: Self.up, name: "usb0", operstate: 6)
        let states = LinkStateChange.parse(removed + back, index: 7, name: "usb0", timeNs: 1_000_000_000)
        #expect(states.map(\.removed) == [true, false] && states.map(\.index) == [7, 12])
        let start = LinkStateChange(timeNs: 0, adminUp: true, carrier: true, operstate: "up", removed: false, index: 7)
        let followed = LinkStateLog(interface: "usb0", changes: [start] + states)
        #expect(followed.lostNs == nil && followed.downs == 1)
        #expect(followed.line(since: 0).contains("removed at +1.0 s; up (carrier, operstate up) as index 12 at +1.0 s"))
        let gone = LinkStateLog(interface: "usb0", changes: [start, states[0]])
        #expect(gone.lostNs == 1_000_000_000)
        // The audit gives no network verdict for a capture that lost its interface.
        let audit = try LabPcapTests.audit(pcap: "/nonexistent/lab.pcap")
        let frames = LinkFrames.controlSession(
            device: LabPcapTests.device, harness: LabPcapTests.harness, port: LabPcapTests.port,
            openNs: LabPcapTests.sessionNs.lowerBound + 1_000, closeNs: LabPcapTests.sessionNs.upperBound - 1_000)
        let canary = Canary.random(float32Safe: true, origin: "digits-cnn-fp32/input[sample 0]")
        for (log, judged) in [(followed, true), (gone, false)] {
            let outcome = audit.judge(
                frames: frames, canaries: [canary], session: (LabPcapTests.session(), nil),
                span: LabPcapTests.sessionNs,
                workloads: audit.suite.workloads.filter { $0.id == "digits-cnn-fp32" }, evidenceFiles: [], notes: [],
                linkState: log)
            let egress = outcome.measurement("privacy.egress_packets")
            #expect((egress?.value != nil) == judged, "\(egress?.reason ?? egress?.evidence ?? "")")
            if !judged {
                #expect(egress?.reason?.contains("the captured interface usb0 was removed") == true)
            }
        }
    }
}
