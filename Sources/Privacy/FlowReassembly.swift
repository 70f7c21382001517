import Harness

/// The payload of each conversation on a link put back together, so that a secret sent in pieces
/// smaller than a canary — one small datagram, segment or ICMP payload at a time — is searched as
/// the byte stream it was. TCP segments are placed by sequence number (a retransmission counts
/// once); every other protocol's payloads are joined in capture order. Pieces a sender spreads
/// over several conversations, reorders within a datagram flow or interleaves with other data are
/// not put back together: that limit is stated in Docs/privacy.md ("Known limits").
struct FlowReassembly: Sendable {
    /// One conversation's joined payload.
    struct Stream: Sendable {
        /// `udp 10.250.1.1:68 > 10.250.1.2:67` and the like.
        let label: String
        let bytes: [UInt8]
        /// Frames whose payload it joins.
        let frames: Int
    }

    /// The conversations with payload in more than one frame (a single frame is searched alone).
    let streams: [Stream]

    /// What the traffic search reaches and what it does not, for the PRV-03 evidence.
    static let reach =
        "searched in each frame and in each conversation's payload joined (TCP by sequence number, other protocols in capture order); "
        + "pieces smaller than a canary spread over several conversations, reordered within a datagram flow, or re-encoded beyond the listed transforms are not recognised (they still count in PRV-02/05)"

    /// Joins the payloads of `frames` per (protocol, source, source port, destination, destination port).
    init(frames: [CapturedFrame], maximumBytes: Int = 64 << 20) {
        var order: [String] = []
        var pieces: [String: [(sequence: UInt32, bytes: ArraySlice<UInt8>)]] = [:]
        var isTCP: Set<String> = []
        var total = 0
        for frame in frames {
            let decoded = DecodedFrame.decode(frame.bytes)
            guard decoded.payloadOffset < frame.bytes.count, total < maximumBytes else { continue }
            let label =
                "\(decoded.proto) \(decoded.source):\(decoded.sourcePort) > \(decoded.destination):\(decoded.destinationPort)"
            if pieces[label] == nil { order.append(label) }
            if decoded.proto == "tcp" || decoded.proto == "tcp6" { isTCP.insert(label) }
            let payload = frame.bytes[decoded.payloadOffset...]
            total += payload.count
            pieces[label, default: []].append((decoded.tcpSequence, payload))
        }
        streams = order.compactMap { label in
            guard var parts = pieces[label], parts.count > 1 else { return nil }
            if isTCP.contains(label) {
                // Sequence numbers relative to the first segment's (they wrap at 2^32).
                let first = parts[0].sequence
                parts = parts.map { (sequence: $0.sequence &- first, bytes: $0.bytes) }
                parts.sort { $0.sequence < $1.sequence }
                var joined: [UInt8] = []
                for part in parts {
                    let end = Int(part.sequence) + part.bytes.count
                    guard end > joined.count, Int(part.sequence) <= joined.count else { continue }
                    joined += part.bytes.dropFirst(joined.count - Int(part.sequence))
                }
                return Stream(label: label, bytes: joined, frames: parts.count)
            }
            return Stream(label: label, bytes: parts.flatMap { $0.bytes }, frames: parts.count)
        }
    }
}
