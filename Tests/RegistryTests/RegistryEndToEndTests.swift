import Attestation
import Crypto
import Foundation
import Registry
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The issue's "done means", through the real command line and a real server, on each database:
/// start the registry, publish reports from two labs, see a tampered and an out-of-scope one
/// refused with the reason, open the comparison page in Chromium, fetch an inclusion proof and
/// verify it offline. Malformed requests get a 4xx with the reason, never a 500.
@Suite("Registry end to end", .serialized)
struct RegistryEndToEndTests {
    @Test(
        "publish from two labs, refusals with the step, proof verified offline, pages in Chromium",
        arguments: RegistryBackend.allCases)
    func doneMeans(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let (server, folder, drop) = try await RegistryServerProcess.started(
            backend, fixture: fixture, arguments: ["--origin", "registry.test/aitc"])
        defer { server.stop() }

        func write(_ name: String, _ data: Data) throws -> String {
            let path = folder + "/" + name
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }
        /// A report of `device` ("Manufacturer Model") signed by `lab`, saved as `name`.sigstore.json.
        func bundle(_ name: String, _ lab: String, _ device: String) throws -> String {
            let parts = device.split(separator: " ").map(String.init)
            return try write(
                name + ".sigstore.json",
                try RegistryBundles.bundle(lab: lab, manufacturer: parts[0], model: parts[1], fixture: fixture))
        }
        let a1 = try bundle("a1", "Lab A", "Acme P1")
        let c1 = try bundle("c1", "Lab C", "Zeta Z9")
        let c2 = try bundle("c2", "Lab C", "Acme P1")
        let outOfScope = try bundle("b1", "Lab B", "Acme P1")
        let tampered = try write(
            "t1.sigstore.json", try RealReports.tampered(try Data(contentsOf: URL(fileURLWithPath: a1))))

        let published = try AitcProcess.run(["registry", "publish", a1, "--to", server.url])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("accepted: entry 0"))
        #expect(try AitcProcess.run(["registry", "publish", c1, "--to", server.url]).status == 0)
        let later = try AitcProcess.run(["registry", "publish", c2, "--to", server.url])
        #expect(later.stdout.contains("follows entry 0"), "\(later.stdout)")
        let again = try AitcProcess.run(["registry", "publish", a1, "--to", server.url])
        #expect(again.status == 0 && again.stdout.contains("already-published: entry 0"))

        let scope = try AitcProcess.run(["registry", "publish", outOfScope, "--to", server.url])
        #expect(scope.status == 1)
        #expect(scope.stderr.contains("REJECTED at step 5 (scope"), "\(scope.stderr)")
        #expect(scope.stderr.contains("smart-home"), "the reason names the lab's scope: \(scope.stderr)")
        let forged = try AitcProcess.run(["registry", "publish", tampered, "--to", server.url])
        #expect(forged.status == 1 && forged.stderr.contains("REJECTED"), "\(forged.stderr)")

        // The proof, fetched and checked offline; a head kept now is checked for consistency later.
        let proofPath = folder + "/a1.proof.json"
        let fetched = try AitcProcess.run([
            "registry", "proof", a1, "--from", server.url, "--registry-key", server.registryKey, "--out", proofPath,
        ])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let verified = try AitcProcess.run([
            "verify", a1, "--inclusion", proofPath, "--registry-key", server.registryKey,
        ])
        #expect(
            verified.status == 0
                && verified.stdout.contains("logged: entry 0 of the log registry.test/aitc of 3 entries"),
            "\(verified.stdout)\(verified.stderr)")
        let withPolicy = try AitcProcess.run([
            "verify", a1, "--trust-root", fixture.folder + "/root.crt", "--inclusion", proofPath, "--registry-key",
            server.registryKey,
        ])
        #expect(withPolicy.status == 0 && withPolicy.stdout.contains("step 8") && withPolicy.stdout.contains("logged:"))
        let otherBundle = try AitcProcess.run([
            "verify", c1, "--inclusion", proofPath, "--registry-key", server.registryKey,
        ])
        #expect(otherBundle.status == 1 && otherBundle.stderr.contains("NOT LOGGED"))
        let otherKey = try AitcProcess.run([
            "verify", a1, "--inclusion", proofPath, "--registry-key",
            server.registryKey.replacingOccurrences(of: "registry.test/aitc+", with: "other+"),
        ])
        #expect(otherKey.status != 0)
        var proofJSON = try String(contentsOfFile: proofPath, encoding: .utf8)
        if let hashRange = proofJSON.range(of: #""path" : \[\s*""#, options: .regularExpression) {
            let at = proofJSON.index(hashRange.upperBound, offsetBy: 3)
            proofJSON.replaceSubrange(at...at, with: proofJSON[at] == "0" ? "1" : "0")
        }
        try proofJSON.write(toFile: folder + "/bent.proof.json", atomically: true, encoding: .utf8)
        let bent = try AitcProcess.run([
            "verify", a1, "--inclusion", folder + "/bent.proof.json", "--registry-key", server.registryKey,
        ])
        #expect(bent.status == 1, "a bent audit path must not verify: \(bent.stdout)")

        let held = proofPath + ".tree-head"
        _ = try AitcProcess.run(["registry", "publish", try bundle("c3", "Lab C", "Acme P3"), "--to", server.url])
        let consistent = try AitcProcess.run([
            "registry", "proof", c1, "--from", server.url, "--registry-key", server.registryKey, "--tree-head", held,
        ])
        #expect(
            consistent.status == 0
                && consistent.stdout.contains("consistent: the log of 4 entries extends the head of 3"),
            "\(consistent.stdout)\(consistent.stderr)")

        // aitc compare --from: the published bundles, each verified here, under compare's rules.
        let compared = try AitcProcess.run([
            "compare", "--from", server.url, "--device-class", "smartphone", "--trust-root",
            fixture.folder + "/root.crt",
        ])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("Acme P1 — Lab A #0") && compared.stdout.contains("Zeta Z9 — Lab C #1"))

        // The comparison page as a browser renders it: a column per published report, a cell per clause.
        let dom = try Chromium.dumpDOM(server.url + "/compare?device_class=smartphone")
        #expect(dom.contains("id=\"comparison\""), "\(dom.prefix(300))")
        #expect(Chromium.attributeSets(in: dom, marker: "data-refused=\"true\"").isEmpty)
        let cells = Chromium.attributeSets(in: dom, marker: "data-verdict=")
        #expect(cells.count >= 4 && cells.count % 4 == 0, "four reports × the clauses: \(cells.count)")
        #expect(dom.contains("Acme P1 — Lab A #0") && dom.contains("Zeta Z9 — Lab C #1"))
        try Self.pagesOfPublishedReports(server: server, dom: dom)
        let device = try Chromium.dumpDOM(server.url + "/devices?device=Acme%20P1")
        #expect(Chromium.attributeSets(in: device, marker: "data-leaf=").map { $0["data-leaf"] } == ["2", "0"])
        let front = try Chromium.dumpDOM(server.url + "/")
        #expect(front.contains("registry.test/aitc\n4\n"), "the front page shows the signed tree head")

        server.stop()
        await drop()
    }

    /// The comparison page's charts and the clause leaderboard of the published reports, as Chromium
    /// renders them from the running registry, and where their links lead.
    static func pagesOfPublishedReports(server: RegistryServerProcess, dom: String) throws {
        // The comparison page charts each report's latency and energy figures: a bar per measured
        // cell, with the cell's value; a chart with nothing measured says so.
        let cells = Chromium.attributeSets(in: dom, marker: "data-key=")
        let bars = Chromium.attributeSets(in: dom, marker: "data-bound=")
        for bar in bars {
            let cell = cells.first {
                $0["data-column"] == bar["data-column"]
                    && $0["data-key"] == "\(bar["data-clause"] ?? "") \(bar["data-workload"] ?? "")"
            }
            #expect(cell?["data-value"] == bar["data-value"], "\(bar) against \(cell ?? [:])")
        }
        let measuredTimes = cells.filter {
            ($0["data-key"] ?? "").hasPrefix("LAT-") && !($0["data-value"] ?? "").isEmpty
        }
        #expect(
            dom.contains("<svg id=\"latency-chart\"")
                || (measuredTimes.isEmpty && dom.contains("<p id=\"latency-chart\">nothing measured</p>")),
            "the comparison page has the latency chart, or says nothing was measured")
        #expect(dom.contains("id=\"energy-chart\""))
        // The leaderboard's clause: the first with a measured figure in every report.
        let measured = try #require(cells.first { !($0["data-value"] ?? "").isEmpty }?["data-key"])
        let clause = String(measured.split(separator: " ")[0])

        // The clause leaderboard of the smartphones: every published report's rows, ranked, charted.
        let board = try Chromium.dumpDOM(server.url + "/leaderboard/smartphone?clause=\(clause)")
        let rows = Chromium.attributeSets(in: board, marker: "data-rank=")
        let perReport = cells.filter {
            ($0["data-key"] == clause || ($0["data-key"] ?? "").hasPrefix(clause + " ")) && $0["data-column"] == "0"
        }
        #expect(
            rows.count == 4 * perReport.count && !rows.isEmpty, "\(rows.count) rows for \(perReport.count) per report")
        #expect(Set(rows.compactMap { $0["data-leaf"] }) == ["0", "1", "2", "3"])
        let direction = Chromium.attributeSets(in: board, marker: "id=\"direction\"").first?["data-direction"]
        #expect(direction == "lower" || direction == "higher", "the clause has a threshold: \(direction ?? "-")")
        let values = Chromium.attributeSets(in: board, marker: "data-value=").filter { $0["data-bound"] == nil }
            .compactMap { Double($0["data-value"] ?? "") }
        #expect(values == values.sorted(by: direction == "lower" ? (<) : (>)), "ranked: \(values)")
        let charted = Chromium.attributeSets(in: board, marker: "data-bound=").compactMap {
            Double($0["data-value"] ?? "")
        }
        #expect(charted == values && !charted.isEmpty, "the chart is the table's figures in its order")
        #expect(board.contains("<svg id=\"leaderboard-chart\""))

        // Its links: each device link opens that device's page; each entry link gives the bundle's
        // exact bytes (their SHA-256 is the address).
        let links = Chromium.attributeSets(in: board, marker: "href=").compactMap { $0["href"] }
        let deviceLinks = links.filter { $0.hasPrefix("/devices?device=") }
        #expect(deviceLinks.count == rows.count)
        let devicePage = try Chromium.dumpDOM(server.url + (deviceLinks.first ?? "/devices"))
        let name = (deviceLinks.first ?? "").dropFirst("/devices?device=".count).removingPercentEncoding ?? ""
        #expect(devicePage.contains("<h1>\(name) — aitc registry</h1>"), "\(devicePage.prefix(400))")
        #expect(!Chromium.attributeSets(in: devicePage, marker: "data-leaf=").isEmpty)
        for link in Set(links.filter { $0.hasPrefix("/api/v1/bundles/") }) {
            let bytes = try Data(contentsOf: URL(string: server.url + link)!)
            #expect(
                Hex.encode(Array(SHA256.hash(data: bytes))) == String(link.dropFirst("/api/v1/bundles/".count)),
                "\(link)")
        }
    }

    @Test(
        "malformed, oversized and unknown requests get a 4xx with the reason, never a 500",
        arguments: RegistryBackend.allCases)
    func malformedRequests(_ backend: RegistryBackend) async throws {
        let (server, folder, drop) = try await RegistryServerProcess.started(
            backend, fixture: try RegistryBundles.fixture(), arguments: ["--max-bundle-bytes", "200000"])
        defer { server.stop() }
        let cases: [(String, String, Data?, Int)] = [
            ("POST", "/api/v1/bundles", Data(), 400),
            ("POST", "/api/v1/bundles", Data("not json".utf8), 422),
            ("POST", "/api/v1/bundles", Data("{\"mediaType\":1}".utf8), 422),
            ("POST", "/api/v1/bundles", Data(repeating: 0x7b, count: 300_000), 413),
            ("POST", "/api/v1/bundles", Data(String(repeating: "[", count: 100_000).utf8), 422),
            ("GET", "/api/v1/bundles/abc", nil, 400),
            ("GET", "/api/v1/bundles/" + String(repeating: "0", count: 64), nil, 404),
            ("GET", "/api/v1/proofs/inclusion/" + String(repeating: "f", count: 64), nil, 404),
            ("GET", "/api/v1/proofs/consistency", nil, 400),
            ("GET", "/api/v1/proofs/consistency?from=abc", nil, 400),
            ("GET", "/api/v1/proofs/consistency?from=0", nil, 400),
            ("GET", "/api/v1/proofs/consistency?from=99", nil, 400),
            ("GET", "/api/v1/proofs/consistency?from=1&to=18446744073709551615", nil, 400),
            ("GET", "/api/v1/bundles?colour=red", nil, 400),
            ("GET", "/api/v1/bundles?limit=0", nil, 400),
            ("GET", "/api/v1/bundles?before=-1", nil, 400),
            ("GET", "/api/v1/bundles?limit=abc", nil, 400),
            ("GET", "/api/v1/bundles?limit=1001", nil, 400),
            ("GET", "/api/v1/compare?colour=red", nil, 400),
            ("GET", "/api/v1/compare?limit=0", nil, 400),
            ("GET", "/api/v1/proofs/inclusion/" + String(repeating: "f", count: 64) + "?tree_size=0", nil, 400),
            ("GET", "/api/v1/proofs/inclusion/" + String(repeating: "f", count: 64) + "?tree_size=x", nil, 400),
            ("GET", "/api/v1/entries/" + String(repeating: "g", count: 64), nil, 400),
            ("GET", "/compare?colour=red", nil, 400),
            ("GET", "/devices", nil, 400),
            ("GET", "/leaderboard/smartphone?colour=red", nil, 400),
            ("GET", "/?colour=red", nil, 400),
            ("GET", "/?limit=abc", nil, 400),
        ]
        for (method, path, body, expected) in cases {
            var request = URLRequest(url: URL(string: server.url + path)!)
            request.httpMethod = method
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            #expect(
                status == expected, "\(method) \(path): \(status) \(String(decoding: data.prefix(200), as: UTF8.self))")
            let reason = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String
            #expect(reason?.isEmpty == false, "\(method) \(path) gave no reason")
        }
        #expect(try AitcProcess.run(["registry", "publish", folder + "/registry.pub", "--to", "ftp://x"]).status == 64)
        server.stop()
        await drop()
    }
}
