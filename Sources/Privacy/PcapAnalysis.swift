import Harness

/// Analyses a capture the lab recorded (tcpdump on the device's link, or a gateway it routes
/// through): the same flow summary and canary search as the namespace audit.
package struct PcapAnalysis: Sendable {
    /// The device's IPv4 and MAC addresses on the captured link.
    package let deviceAddresses: Set<String>
    /// Inference windows (CLOCK_REALTIME ns) to attribute egress; empty = the whole capture.
    package let windows: [InferenceWindow]

    /// Creates an analysis.
    package init(deviceAddresses: Set<String>, windows: [InferenceWindow] = []) {
        self.deviceAddresses = deviceAddresses
        self.windows = windows
    }

    /// What the analysis found.
    package struct Result: Sendable {
        package let summary: FlowSummary
        package let hits: [CanaryHit]
    }

    /// Reads `path` and analyses it.
    package func analyze(path: String, canaries: [Canary]) throws(PrivacyError) -> Result {
        analyze(frames: try PcapReader().read(path: path), canaries: canaries)
    }

    /// Analyses frames: canary search in each frame, in each conversation's payload joined
    /// (``FlowReassembly``), and in DNS names.
    package func analyze(frames: [CapturedFrame], canaries: [Canary]) -> Result {
        analyze(
            frames: frames, summary: FlowSummary(frames: frames, deviceAddresses: deviceAddresses, windows: windows),
            canaries: canaries)
    }

    /// Analyses frames whose flows `summary` already attributed (a capture that knows the link's
    /// direction): the canary search covers every frame, either direction.
    package func analyze(frames: [CapturedFrame], summary: FlowSummary, canaries: [Canary]) -> Result {
        analyze(frames: frames, summary: summary, search: CanarySearch(canaries: canaries))
    }

    /// The same, with a prepared search (thousands of canaries are indexed once per audit).
    package func analyze(frames: [CapturedFrame], summary: FlowSummary, search: CanarySearch) -> Result {
        var hits: [CanaryHit] = []
        for (number, frame) in frames.enumerated() {
            let decoded = DecodedFrame.decode(frame.bytes)
            let found = search.hits(
                in: frame.bytes, source: "traffic",
                location:
                    "frame \(number + 1) (\(decoded.proto) \(decoded.source):\(decoded.sourcePort) > \(decoded.destination):\(decoded.destinationPort))"
            )
            hits += found
        }
        // A canary cut into pieces smaller than itself, one per frame, is whole again in its
        // conversation's joined payload (``FlowReassembly``).
        var framed = Set(hits.map(\.canaryDigest))
        for stream in FlowReassembly(frames: frames).streams {
            let found = search.hits(
                in: stream.bytes, source: "traffic",
                location: "flow (\(stream.label)) reassembled from \(stream.frames) frames"
            ).filter { !framed.contains($0.canaryDigest) }
            framed.formUnion(found.map(\.canaryDigest))
            hits += found
        }
        for name in summary.dnsQueries {
            let letters = Array(name.replacingOccurrences(of: ".", with: "").utf8)
            hits += search.hits(in: letters, source: "dns-name", location: name).filter {
                !framed.contains($0.canaryDigest)
            }
        }
        return Result(summary: summary, hits: hits)
    }
}
