import Logging

extension MeterSpec {
    /// The driver for this URL's scheme.
    public func makeMeter(logger: Logger) throws(MeterError) -> any PowerMeter {
        switch scheme {
        case .scpi: return try ScpiMeter(spec: self, logger: logger)
        case .ptd: return try PtdMeter(spec: self, logger: logger)
        }
    }
}
