/// A device class and suite (id and version) that at least one published entry reports on: what
/// the front page links to the leaderboards and the comparison of.
package struct PublishedSuite: Sendable, Hashable {
    /// The device class.
    package let deviceClass: String
    /// The suite's id.
    package let suiteID: String
    /// The suite's version.
    package let suiteVersion: String

    /// Creates one.
    package init(deviceClass: String, suiteID: String, suiteVersion: String) {
        self.deviceClass = deviceClass
        self.suiteID = suiteID
        self.suiteVersion = suiteVersion
    }
}
