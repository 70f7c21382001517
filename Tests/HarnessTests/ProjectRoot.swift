import Foundation

@testable import Harness

/// The checkout the tests run from.
enum ProjectRoot {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let layout = ProjectLayout(root: path)
}
