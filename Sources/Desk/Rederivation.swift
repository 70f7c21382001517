import Attestation
import Conformance
import Crypto
import Foundation

/// Step 8: recomputes every early-stopping estimate from the report's per-query evidence
/// (``PercentileRederivation``), re-runs the scorer on the report's own scoring input against the
/// standard files it names by digest, and requires the same verdict rows, decision and summary counts.
///
/// The folder is listed and every file's `stat` stamp read on every check; a file is hashed again
/// whenever its stamp changed (a file added, withdrawn or rewritten counts at once). The parse of
/// the files a report names is kept by their digests, shared by every copy of this value, so a
/// registry that checks thousands of reports parses each standard once.
public struct Rederivation: Sendable {
    /// Where standard files are looked up by SHA-256 (every `*.yaml`/`*.yml` below it).
    public let standardsDirectory: String
    /// Parsed standards by digest.
    package let cache: StandardsCache

    /// Creates a re-derivation against a standards folder.
    public init(standardsDirectory: String) {
        self.standardsDirectory = standardsDirectory
        self.cache = StandardsCache()
    }

    /// Checks `predicate` and returns a sentence saying what was re-derived.
    /// - Throws: ``DeskError`` naming the first disagreement or the missing standard.
    public func check(_ predicate: JSONValue) throws(DeskError) -> String {
        // The latency figures the scorer was given must follow from the report's per-query evidence.
        let estimates = try PercentileRederivation().check(predicate)
        let (card, input, standards) = try scorecard(for: predicate)
        // The report must agree with itself, then with the re-derivation.
        let stated = predicate["verdicts"]?.arrayValue ?? []
        let derived = try Self.json(card.verdicts).arrayValue ?? []
        guard stated.count == derived.count else {
            throw DeskError(
                "the report has \(stated.count) verdict rows; re-scoring its measurements gives \(derived.count)")
        }
        for (index, (mine, theirs)) in zip(derived, stated).enumerated() where mine != theirs {
            let clause = mine["clause_id"]?.stringValue ?? "?"
            let workload = mine["workload_id"]?.stringValue.map { " (\($0))" } ?? ""
            let was = theirs["verdict"]?.stringValue ?? "?"
            let now = mine["verdict"]?.stringValue ?? "?"
            throw DeskError(
                "verdict row \(index + 1), \(clause)\(workload): the report says \(was)"
                    + (was == now ? " with other checks or evidence" : "")
                    + "; re-scoring its measurements gives \(now)")
        }
        let decision = card.decision.rawValue
        guard predicate["decision"]?.stringValue == decision else {
            throw DeskError(
                "the report's decision is \(predicate["decision"]?.stringValue ?? "(none)") but its verdicts give \(decision) "
                    + "(\(card.reason))")
        }
        let counts = try Self.json(card.counts)
        guard predicate["summary"] == counts else {
            throw DeskError(
                "the report's summary is \(predicate["summary"]?.canonicalString() ?? "(none)") but its verdicts count "
                    + counts.canonicalString())
        }
        return
            "\(derived.count) verdict rows, decision \(decision) and counts re-derived from \(input.measurements.count) "
            + "measurements and \(standards.standards.count) standard(s) found by digest; \(estimates) early-stopping "
            + "estimate(s) re-derived from the per-query evidence"
    }

    /// The scorecard the report's own scoring input gives against the standard files it names.
    package func scorecard(for predicate: JSONValue) throws(DeskError) -> (Scorecard, ScoringInput, StandardsSet) {
        guard let inputJSON = predicate["scoring_input"] else {
            throw DeskError("the report carries no scoring_input, so its verdicts cannot be re-derived")
        }
        let input: ScoringInput
        do {
            input = try Self.decoder().decode(ScoringInput.self, from: inputJSON.canonicalData())
        } catch {
            throw DeskError("the report's scoring_input cannot be read as scorer input: \(error)")
        }
        guard input.deviceClass.rawValue == predicate["suite"]?["device_class"]?.stringValue else {
            throw DeskError(
                "the scoring input is for \(input.deviceClass.rawValue), the suite for "
                    + "\(predicate["suite"]?["device_class"]?.stringValue ?? "(none)")")
        }
        let standards = try loadStandards(named: predicate["standards"]?.arrayValue ?? [])
        do {
            return (try Scorer().score(input, standards: standards), input, standards)
        } catch {
            throw DeskError("the scorer refuses the report's own input: \(error)")
        }
    }

    /// `predicate` with the verdicts, decision and counts its scoring input gives: what a lab that
    /// edits a figure and re-scores would sign (the tests' forgeries).
    package func rescored(_ predicate: JSONValue) throws(DeskError) -> JSONValue {
        let (card, _, _) = try scorecard(for: predicate)
        guard var members = predicate.objectValue else { throw DeskError("the predicate is not an object") }
        members["verdicts"] = try Self.json(card.verdicts)
        members["decision"] = .string(card.decision.rawValue)
        members["decision_reason"] = .string(card.reason)
        members["summary"] = try Self.json(card.counts)
        return .object(members)
    }

    /// The standard files whose SHA-256 the report names, loaded.
    private func loadStandards(named entries: [JSONValue]) throws(DeskError) -> StandardsSet {
        var byDigest: [String: String] = [:]
        let root = URL(fileURLWithPath: standardsDirectory)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard ["yaml", "yml"].contains(url.pathExtension),
                let digest = cache.digest(
                    ofFileAt: url.path,
                    hashing: { path in
                        (try? BoundedFile.read(path: path, limit: 1 << 20, what: "standard"))
                            .map { Self.hex(SHA256.hash(data: $0)) }
                    })
            else { continue }
            byDigest[digest] = url.path
        }
        var paths: [String] = []
        var digests: [String] = []
        for entry in entries {
            let id = entry["id"]?.stringValue ?? "?"
            let digest = entry["sha256"]?.stringValue ?? "?"
            guard let path = byDigest[digest] else {
                throw DeskError(
                    "the report was scored against \(id) \(entry["version"]?.stringValue ?? "") with sha256 \(digest), and no "
                        + "file in \(standardsDirectory) has that digest; get that exact standard file (--standards DIR)"
                )
            }
            paths.append(path)
            digests.append(digest)
        }
        if let kept = cache.set(digests: digests) { return kept }
        let loaded: StandardsSet
        do {
            loaded = try StandardsLoader(digest: { Self.hex(SHA256.hash(data: $0)) }).load(paths: paths)
        } catch {
            throw DeskError("the standard files the report names do not load: \(error)")
        }
        // The bytes parsed must be the bytes the report names: a file rewritten between the hashing
        // above and the parse, or written through a shared memory map (which can leave its stat
        // stamp as it was), is refused rather than scored against.
        guard loaded.standards.map(\.sha256) == digests else {
            throw DeskError(
                "a standard file changed while it was read (\(paths.joined(separator: ", "))): its bytes no longer "
                    + "have the SHA-256 the report names; check the report again once the standards folder is settled")
        }
        cache.keep(loaded, digests: digests)
        return loaded
    }

    private static func hex(_ digest: SHA256.Digest) -> String { Hex.encode(digest) }

    /// Encodes as the report does (snake_case, sorted, non-finite floats as strings) and parses back.
    private static func json(_ value: some Encodable) throws(DeskError) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try JSONValue(data: try encoder.encode(value))
        } catch {
            throw DeskError("cannot encode the re-derived result: \(error)")
        }
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
