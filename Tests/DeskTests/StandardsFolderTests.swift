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
        // The kernel's writeback of the dirty page between the two writes would move the times (and
        // so re-hash the file): then the set-up did not happen, and it is tried again.
        for _ in 0..<3 {
            if let reason = try Self.rederiveAfterAWriteThroughAMap() {
                #expect(reason.contains("changed while it was read"), "\(reason)")
                return
            }
        }
        Issue.record("three times the page was written back between the two writes")
    }

    /// Checks the report once with the standard's page dirty in a shared map, changes a byte through
    /// the map, checks the report again with the standards in another order (not in the parse
    /// cache): the second check's error, or `nil` if the file's times moved meanwhile.
    static func rederiveAfterAWriteThroughAMap() throws -> String? {
        let (predicate, folder) = try Self.reportAndStandardsCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/latency.yaml"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let fd = open(path, O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        let mapped = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0))
        try #require(mapped != MAP_FAILED)
        defer { munmap(mapped, size) }
        let bytes = mapped.assumingMemoryBound(to: UInt8.self)
        // The first write to the page faults and moves the file's times; the bytes stay the same.
        bytes[size - 1] = bytes[size - 1]
        let rederivation = Rederivation(standardsDirectory: folder)
        #expect(throws: Never.self) { try rederivation.check(predicate) }
        var before = stat()
        try #require(fstat(fd, &before) == 0)
        // A second write to the same dirty page changes the bytes without moving any time.
        bytes[size - 1] = bytes[size - 1] == UInt8(ascii: "\n") ? UInt8(ascii: " ") : UInt8(ascii: "\n")
        var after = stat()
        try #require(fstat(fd, &after) == 0)
        guard before.st_ctim.tv_sec == after.st_ctim.tv_sec, before.st_ctim.tv_nsec == after.st_ctim.tv_nsec else {
            return nil
        }
        var members = try #require(predicate.objectValue)
        let standards = try #require(members["standards"]?.arrayValue)
        try #require(standards.count > 1)
        members["standards"] = .array(standards.reversed())
        let error = #expect(throws: DeskError.self) { try rederivation.check(.object(members)) }
        return error?.reason ?? ""
    }
}
