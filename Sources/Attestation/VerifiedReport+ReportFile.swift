import Foundation

extension VerifiedReport {
    /// Requires `bytes` (a `.report.json` file) to be byte-identical to the signed report.
    ///
    /// The report file is what people and tools read; a file that differs from the signed
    /// predicate in any byte — even one that parses to the same JSON — is rejected, so nobody
    /// reads unsigned content believing it signed.
    /// - Parameter path: The file's path, for the message.
    /// - Throws: `reportFileMismatch` naming the first differing byte offset.
    public func requireReportFile(_ bytes: Data, path: String) throws(AttestationError) {
        let signed = canonicalReport
        guard bytes != signed else { return }
        let offset = Array(zip(bytes, signed)).firstIndex(where: { $0 != $1 }) ?? min(bytes.count, signed.count)
        throw AttestationError(
            .reportFileMismatch,
            "\(path) is not the signed report: it differs from the signed predicate from byte \(offset) "
                + "(\(bytes.count) bytes on disk, \(signed.count) signed); do not read that file — "
                + "extract the report from the envelope or ask the lab for the original")
    }

    /// The report files beside `envelopePath` that belong to it, existing or not: `X.report.json`
    /// for `X.dsse.json` (or `X.bundle.json`), and the subject name when it is a plain file name.
    public func companionReportPaths(envelopePath: String) -> [String] {
        let folder = (envelopePath as NSString).deletingLastPathComponent
        let file = (envelopePath as NSString).lastPathComponent
        var names: [String] = []
        for suffix in [".dsse.json", ".sigstore.json", ".bundle.json"] where file.hasSuffix(suffix) {
            names.append(String(file.dropLast(suffix.count)) + ".report.json")
        }
        let subject = reportName
        if !subject.isEmpty, !subject.contains("/"), subject != ".", subject != "..", !names.contains(subject) {
            names.append(subject)
        }
        return names.map { folder.isEmpty ? $0 : (folder as NSString).appendingPathComponent($0) }
    }
}
