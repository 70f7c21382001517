/// Draws sample indices uniformly with replacement from a recorded seed (SplitMix64), so a
/// schedule can be reproduced exactly from the report.
package struct SampleIndexGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// The seed this generator started from.
    package let seed: UInt64

    package init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` indices in `0..<upperBound`, uniform (rejection sampling, no modulo bias).
    package mutating func indices(count: Int, upperBound: Int) -> [Int] {
        precondition(upperBound > 0)
        let bound = UInt64(upperBound)
        let limit = UInt64.max - UInt64.max % bound
        var result: [Int] = []
        result.reserveCapacity(count)
        while result.count < count {
            let value = next()
            if value < limit { result.append(Int(value % bound)) }
        }
        return result
    }
}
