/// How far apart two runs' outputs of one sample are, as the audits and the privacy audit's
/// offline comparison judge them: the largest relative difference over the values, with
/// magnitudes below 1e-6 compared as if they were 1e-6, and infinity when the shapes differ or a
/// value is missing. The bound it is compared with is the run rules' `output_tolerance`.
package enum OutputDifference {
    package static func relative(_ values: [Double?], _ expected: [Double?]) -> Double {
        var difference = expected.count == values.count ? 0.0 : .infinity
        for (a, b) in zip(values, expected) {
            guard let a, let b else { return .infinity }
            difference = max(difference, abs(a - b) / max(abs(b), 1e-6))
        }
        return difference
    }
}
