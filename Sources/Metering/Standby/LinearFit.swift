/// Least-squares straight line y = intercept + slope · x.
public struct LinearFit: Sendable, Equatable {
    /// Change of y per unit of x.
    public let slope: Double
    /// y at x = 0.
    public let intercept: Double

    /// The fit through the points, nil for fewer than two distinct x values.
    public init?(x: [Double], y: [Double]) {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (xi, yi) in zip(x, y) {
            sxy += (xi - meanX) * (yi - meanY)
            sxx += (xi - meanX) * (xi - meanX)
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
    }
}
