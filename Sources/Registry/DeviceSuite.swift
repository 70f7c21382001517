/// A device and a suite: a later report of the pair links to the earlier one.
struct DeviceSuite: Hashable, Sendable {
    let device: String
    let suiteID: String
}
