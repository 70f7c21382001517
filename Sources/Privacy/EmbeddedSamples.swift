import Harness

/// What ``CanaryEmbedder`` planted in one sample file.
package struct EmbeddedSamples: Sendable {
    /// Every canary, several per sample.
    package let canaries: [Canary]
    /// Samples in the file: every one carries canaries.
    package let samples: Int
    /// How the canaries were cut (length, entropy), for the evidence.
    package let note: String

    /// The probability that a backend keeping each sample with probability `fraction`, without
    /// telling canaried samples from others, keeps none: (1 − fraction)^samples.
    package func escapeProbability(keeping fraction: Double) -> Double {
        pow(1 - fraction, Double(samples))
    }
}

#if canImport(Glibc)
import Glibc
#endif
