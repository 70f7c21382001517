import Foundation
import Harness

/// The checkout the tests run from.
package enum ProjectRoot {
    package static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    package static let layout = ProjectLayout(root: path)
}
