import Foundation

/// Reading and writing key files: `PREFIX.key` (PKCS#8 PEM, mode 0600) and `PREFIX.pub` (SPKI PEM).
public enum KeyFiles {
    /// Generates a new key pair (Ed25519 unless `algorithm` says P-256) and writes `PREFIX.key`
    /// (mode 0600) and `PREFIX.pub` (mode 0644).
    ///
    /// The private key file is created with `O_CREAT|O_EXCL` and mode 0600, so it is never
    /// readable by others, not even briefly. Existing files are never overwritten.
    /// - Returns: The public key, e.g. to print its ``VerifyingKey/keyID``.
    /// - Throws: `keyFileExists` if either file exists; `keyFileIO` if a file cannot be written.
    @discardableResult
    public static func generate(
        prefix: String, algorithm: KeyAlgorithm = .ed25519
    ) throws(AttestationError) -> VerifyingKey {
        let keyPath = prefix + ".key"
        let publicPath = prefix + ".pub"
        let existing = [keyPath, publicPath].filter { FileManager.default.fileExists(atPath: $0) || isSymlink($0) }
        for path in existing {
            throw AttestationError(
                .keyFileExists,
                "\(path) already exists; refusing to overwrite a key — "
                    + "choose another prefix or move the old files away")
        }
        let key = SigningKey.generate(algorithm: algorithm)
        try ExclusiveFile.create(path: keyPath, contents: Data(key.pem.utf8), mode: 0o600)
        do {
            try ExclusiveFile.create(path: publicPath, contents: Data(key.publicKey.pem.utf8), mode: 0o644)
        } catch {
            // Leave no half-written pair behind: the private key alone is useless and confusing.
            unlink(keyPath)
            throw error
        }
        return key.publicKey
    }

    /// Loads the private key from a PKCS#8 PEM file such as `PREFIX.key`.
    /// - Throws: `keyFileIO` if unreadable; `invalidKey` or `unsupportedKeyFile`, naming the file.
    public static func loadSigningKey(path: String) throws(AttestationError) -> SigningKey {
        let text = try readPEMText(path: path)
        do {
            return try SigningKey(pem: text)
        } catch {
            throw AttestationError(error.code, "\(path): \(error.reason)")
        }
    }

    /// Loads every public key in a file: the `PUBLIC KEY` blocks of a `.pub` PEM file (several
    /// may be concatenated to trust several labs), or the public half of a `PRIVATE KEY` block.
    /// - Throws: `keyFileIO` if unreadable; `unsupportedKeyFile` or `invalidKey`, naming the file,
    ///   if it holds no key or a block of another kind (such as a certificate).
    public static func loadVerifyingKeys(path: String) throws(AttestationError) -> [VerifyingKey] {
        let text = try readPEMText(path: path)
        var keys: [VerifyingKey] = []
        do throws(AttestationError) {
            for block in try PEMBlock.parseAll(text) {
                switch block.label {
                case "PUBLIC KEY":
                    keys.append(try VerifyingKey(spki: block.der))
                case "PRIVATE KEY":
                    keys.append(try SigningKey(pkcs8: block.der).publicKey)
                default:
                    throw AttestationError(
                        .unsupportedKeyFile,
                        "holds a \"\(block.label)\" PEM block; only Ed25519 or P-256 \"PUBLIC KEY\" (or \"PRIVATE KEY\") "
                            + "blocks are accepted — pass the lab's .pub file")
                }
            }
        } catch {
            throw AttestationError(error.code, "\(path): \(error.reason)")
        }
        guard !keys.isEmpty else {
            throw AttestationError(
                .unsupportedKeyFile,
                "\(path) holds no PEM key block; pass a .pub file written by `aitc keys generate` "
                    + "or `openssl pkey -in KEY -pubout`")
        }
        var unique: [VerifyingKey] = []
        for key in keys where !unique.contains(key) {
            unique.append(key)
        }
        return unique
    }

    private static func readPEMText(path: String) throws(AttestationError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AttestationError(.keyFileIO, "cannot read key file \(path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AttestationError(
                .unsupportedKeyFile,
                "\(path) is not a PEM text file (binary DER?); convert it with `openssl pkey -inform DER -in \(path)`")
        }
        return text
    }

    private static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}
