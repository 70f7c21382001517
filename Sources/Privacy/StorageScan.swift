import Foundation
import Harness

/// Searches files under declared storage and log locations for canaries (plain, hex, base64).
/// Bounded in files and bytes; anything skipped is said in ``notes``.
package struct StorageScan: Sendable {
    /// Locations to scan (files or folders, recursively).
    package let roots: [String]
    /// Paths never scanned (the harness's own copies of the canaried inputs).
    package let excluded: [String]
    package var maxFiles = 200_000
    package var maxFileBytes = 64 << 20
    package var maxTotalBytes = 2 << 30

    /// Creates a scan.
    package init(roots: [String], excluded: [String]) {
        self.roots = roots
        self.excluded = excluded
    }

    /// The result of one scan.
    package struct Result: Sendable {
        package let hits: [CanaryHit]
        package let files: Int
        package let bytes: Int
        package let notes: [String]
    }

    /// Scans for `search`'s canaries; hits are reported with `source`.
    package func run(_ search: CanarySearch, source: String) -> Result {
        var hits: [CanaryHit] = []
        var files = 0
        var total = 0
        var notes: [String] = []
        let manager = FileManager.default
        for root in roots {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: root, isDirectory: &isFolder) else {
                notes.append("\(root) does not exist (nothing to scan there)")
                continue
            }
            var paths: [String] = isFolder.boolValue ? [] : [root]
            if isFolder.boolValue, let walker = manager.enumerator(atPath: root) {
                while let relative = walker.nextObject() as? String {
                    paths.append((root as NSString).appendingPathComponent(relative))
                    if paths.count > maxFiles { break }
                }
            }
            for path in paths where !excluded.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                guard let attributes = try? manager.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                guard files < maxFiles, total < maxTotalBytes else {
                    notes.append(
                        "scan bound reached (\(maxFiles) files or \(maxTotalBytes) bytes); later files not scanned")
                    break
                }
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    notes.append("cannot read \(path)")
                    continue
                }
                let data = (try? handle.read(upToCount: maxFileBytes)) ?? Data()
                try? handle.close()
                if let size = attributes[.size] as? Int, size > maxFileBytes {
                    notes.append("\(path): only the first \(maxFileBytes) bytes scanned")
                }
                files += 1
                total += data.count
                hits += search.hits(in: [UInt8](data), source: source, location: path)
            }
        }
        return Result(hits: hits, files: files, bytes: total, notes: notes)
    }
}
