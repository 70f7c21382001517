/// The reply of `clock`: the device's monotonic clock.
struct ClockReading: Decodable {
    let monoNs: UInt64
}
