import Attestation
import Desk
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The re-derivation looks standards up by digest in a folder it re-reads on every check: a file
/// rewritten in place (even to the same size with its modification time put back), withdrawn or
/// restored counts at the next check, though file digests are kept between checks.
@Suite("Standards folder seen afresh on every check")
struct StandardsFolderTests {
    /// A real report's predicate and a copy of the project's standards folder (the caller removes it).
    static func reportAndStandardsCopy() throws -> (JSONValue, String) {
        let fixture = try RealReports.fixture.get()
        let predicate = try JSONValue(data: fixture.signed[0].report)
        let folder = NSTemporaryDirectory() + "aitc-standards-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: ProjectRoot.layout.standardsDirectory, toPath: folder)
        return (predicate, folder)
    }

    @Test("rewritten with the same size and mtime, withdrawn, restored: each counts at once")
    func rewrittenInPlace() throws {
        let (predicate, folder) = try Self.reportAndStandardsCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rederivation = Rederivation(standardsDirectory: folder)
        #expect(throws: Never.self) { try rederivation.check(predicate) }

        let path = folder + "/latency.yaml"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var info = stat()
        #expect(stat(path, &info) == 0)
        // Same size, one byte changed, modification time set back to what it was.
        var edited = original
        edited[edited.count - 2] = edited[edited.count - 2] == UInt8(ascii: " ") ? UInt8(ascii: "#") : UInt8(ascii: " ")
        try edited.write(to: URL(fileURLWithPath: path))
        var times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let rewritten = #expect(throws: DeskError.self) { try rederivation.check(predicate) }
        #expect(rewritten?.reason.contains("no file in") == true, "\(rewritten?.reason ?? "")")

        try original.write(to: URL(fileURLWithPath: path))
        #expect(throws: Never.self) { try rederivation.check(predicate) }

        try FileManager.default.removeItem(atPath: path)
        #expect(throws: DeskError.self) { try rederivation.check(predicate) }
    }

    @Test("written through a shared memory map, which leaves the stat stamp as it was: refused, never scored against")
    func writtenThroughASharedMap() throws {
        let (predicate, folder) = try Self.reportAndStandardsCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/latency.yaml"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let fd = open(path, O_RDWR)
        #expect(fd >= 0)
        defer { close(fd) }
        let mapped = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0))
        #expect(mapped != MAP_FAILED)
        defer { munmap(mapped, size) }
        let bytes = mapped.assumingMemoryBound(to: UInt8.self)
        // The first write to the page faults and moves the file's times; the bytes stay the same.
        bytes[size - 1] = bytes[size - 1]
        let rederivation = Rederivation(standardsDirectory: folder)
        #expect(throws: Never.self) { try rederivation.check(predicate) }
        // A second write to the same dirty page changes the bytes without moving any time.
        bytes[size - 1] = bytes[size - 1] == UInt8(ascii: "\n") ? UInt8(ascii: " ") : UInt8(ascii: "\n")
        // A report naming the standards in another order is not in the parse cache: the file is read again.
        var members = try #require(predicate.objectValue)
        let standards = try #require(members["standards"]?.arrayValue)
        try #require(standards.count > 1)
        members["standards"] = .array(standards.reversed())
        let error = #expect(throws: DeskError.self) { try rederivation.check(.object(members)) }
        #expect(error?.reason.contains("changed while it was read") == true, "\(error?.reason ?? "")")
    }
}
