import Foundation

/// Debian's headless Chromium, for tests that read a page as a browser renders it.
package enum Chromium {
    /// The browser, when installed (Tools/bootstrap.sh installs it).
    package static let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Why a page could not be rendered.
    package struct Missing: Error, CustomStringConvertible {
        package var description: String { "chromium is missing: run Tools/bootstrap.sh" }
    }

    /// The DOM after the page's own scripts ran, for a file path or an http:// address.
    package static func dumpDOM(_ location: String) throws -> String {
        guard let executable else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(NSTemporaryDirectory())aitc-chromium-\(UUID().uuidString)", "--dump-dom",
            location.hasPrefix("http") ? location : "file://" + location,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return dom
    }

    /// Every `<tag …>` attribute set in `html` whose attributes include `marker`.
    package static func attributeSets(in html: String, marker: String) -> [[String: String]] {
        var sets: [[String: String]] = []
        let regex = try! NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#)
        for tag in html.components(separatedBy: "<").dropFirst() {
            guard let end = tag.firstIndex(of: ">") else { continue }
            let inside = String(tag[..<end])
            guard inside.contains(marker) else { continue }
            var attributes: [String: String] = [:]
            for match in regex.matches(in: inside, range: NSRange(inside.startIndex..., in: inside)) {
                let key = String(inside[Range(match.range(at: 1), in: inside)!])
                let value = String(inside[Range(match.range(at: 2), in: inside)!])
                attributes[key] = value
            }
            sets.append(attributes)
        }
        return sets
    }
}
