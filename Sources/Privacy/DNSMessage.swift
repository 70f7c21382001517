import Harness

/// The little DNS the sink needs: read a query's name and type, answer A queries with one address.
package struct DNSMessage: Sendable, Equatable {
    package let id: UInt16
    /// The queried name, dotted (`616263.leak.invalid`).
    package let name: String
    package let type: UInt16
    /// The question section's bytes (name, type, class), echoed in the answer.
    let question: [UInt8]

    /// Parses a query; nil when `bytes` is not a one-question DNS query.
    package init?(query bytes: [UInt8]) {
        guard bytes.count >= 17, bytes[2] & 0x80 == 0, bytes[4] == 0, bytes[5] >= 1 else { return nil }
        var labels: [String] = []
        var at = 12
        while at < bytes.count {
            let length = Int(bytes[at])
            if length == 0 { break }
            guard length < 64, at + 1 + length < bytes.count else { return nil }
            labels.append(String(decoding: bytes[at + 1...at + length], as: UTF8.self))
            at += 1 + length
        }
        guard at + 5 <= bytes.count else { return nil }
        id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        name = labels.joined(separator: ".")
        type = UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at + 2])
        question = Array(bytes[12..<at + 5])
    }

    /// The reply: the address for A/IN queries, an empty NOERROR answer for any other type.
    package func answer(ipv4: [UInt8]) -> [UInt8] {
        let answers: UInt8 = type == 1 && ipv4.count == 4 ? 1 : 0
        var reply: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x81, 0x80, 0, 1, 0, answers, 0, 0, 0, 0]
        reply += question
        if answers == 1 {
            reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4] + ipv4
        }
        return reply
    }
}
