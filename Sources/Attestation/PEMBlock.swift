import Foundation

/// One `-----BEGIN LABEL----- … -----END LABEL-----` block of a PEM file (RFC 7468).
struct PEMBlock: Sendable, Equatable {
    /// The label, e.g. `PUBLIC KEY` or `PRIVATE KEY`.
    let label: String
    /// The decoded DER bytes.
    let der: Data

    /// The block as PEM text with 64-character lines and a trailing newline, as openssl writes it.
    var text: String {
        let base64 = der.base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every PEM block in `text`, in order; text outside blocks (comments) is ignored.
    /// - Throws: `invalidKey` if a block is unterminated, mislabelled at its end, or not base64.
    static func parseAll(_ text: String) throws(AttestationError) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var body = ""
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let current = label {
                if line.hasPrefix("-----END ") {
                    guard line == "-----END \(current)-----" else {
                        throw AttestationError(
                            .invalidKey, "PEM block \"\(current)\" ends with \"\(line)\"; the file is damaged")
                    }
                    guard let der = Data(base64Encoded: body), !der.isEmpty else {
                        throw AttestationError(
                            .invalidKey, "PEM block \"\(current)\" does not contain valid base64; the file is damaged")
                    }
                    blocks.append(PEMBlock(label: current, der: der))
                    label = nil
                    body = ""
                } else {
                    body += line
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----"), line.count > 16 {
                label = String(line.dropFirst(11).dropLast(5))
            }
        }
        if let current = label {
            throw AttestationError(.invalidKey, "PEM block \"\(current)\" has no END line; the file is truncated")
        }
        return blocks
    }
}
