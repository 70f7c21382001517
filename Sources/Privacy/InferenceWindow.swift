import Harness

/// A span of wall-clock time (CLOCK_REALTIME, ns since the epoch) during which the device ran
/// inference for a workload; packets inside it count as egress during on-device inference.
package struct InferenceWindow: Sendable, Equatable {
    package let workloadID: String
    package let beginNs: Int64
    package let endNs: Int64

    /// Creates a window.
    package init(workloadID: String, beginNs: Int64, endNs: Int64) {
        self.workloadID = workloadID
        self.beginNs = beginNs
        self.endNs = endNs
    }

    /// Whether `timeNs` lies inside the window (both ends included).
    package func contains(_ timeNs: Int64) -> Bool { timeNs >= beginNs && timeNs <= endNs }
}
