import Foundation

/// Checks, without creating anything, that reports can be written to a folder: it is a writable
/// folder, or it does not exist yet and its nearest existing parent is a writable folder.
enum OutputFolderCheck {
    static func check(_ path: String) throws(CertificationError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if manager.fileExists(atPath: absolute, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CertificationError(
                    .setup,
                    "--out \(path) is an existing file; give a folder for the reports (it is created when missing)")
            }
            guard manager.isWritableFile(atPath: absolute) else {
                throw CertificationError(
                    .setup, "cannot write to the folder --out \(path); choose a folder this user may write to")
            }
            return
        }
        var parent = (absolute as NSString).deletingLastPathComponent
        while !manager.fileExists(atPath: parent, isDirectory: &isDirectory) {
            let next = (parent as NSString).deletingLastPathComponent
            if next == parent { break }
            parent = next
        }
        guard isDirectory.boolValue else {
            throw CertificationError(.setup, "--out \(path) cannot be created: \(parent) is a file, not a folder")
        }
        guard manager.isWritableFile(atPath: parent) else {
            throw CertificationError(.setup, "--out \(path) cannot be created: this user may not write to \(parent)")
        }
    }
}
