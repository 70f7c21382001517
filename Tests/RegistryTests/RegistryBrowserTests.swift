import Attestation
import Crypto
import Foundation
import Registry
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The registry's pages used as a person uses them, in headless Chromium driven by real key and
/// mouse events: a filter typed into the front page's form (a browser sends `lab=Lab+C`) finds that
/// lab's reports, and every page — device page, leaderboards, comparison — is reached from the front
/// page by clicking, none only by typing its address.
@Suite("Registry pages used in a browser", .serialized)
struct RegistryBrowserTests {
    /// A running registry (SQLite; the pages read the store the same way on PostgreSQL) holding
    /// entry 0 Acme P1 by Lab A, 1 Zeta Z9 by Lab C, 2 Acme P1 by Lab C; `body` gets it and its folder.
    static func withRegistry(_ body: (RegistryServerProcess, String) async throws -> Void) async throws {
        let fixture = try RegistryBundles.fixture()
        let (server, folder, drop) = try await RegistryServerProcess.started(.sqlite, fixture: fixture)
        for (index, (lab, manufacturer, model)) in [
            ("Lab A", "Acme", "P1"), ("Lab C", "Zeta", "Z9"), ("Lab C", "Acme", "P1"),
        ]
        .enumerated() {
            let path = folder + "/\(index).sigstore.json"
            try RegistryBundles.bundle(lab: lab, manufacturer: manufacturer, model: model, fixture: fixture)
                .write(to: URL(fileURLWithPath: path))
            let published = try AitcProcess.run(["registry", "publish", path, "--to", server.url])
            #expect(published.stdout.contains("accepted: entry \(index)"), "\(published.stdout)\(published.stderr)")
        }
        do {
            try await body(server, folder)
        } catch {
            server.stop()
            await drop()
            throw error
        }
        server.stop()
        await drop()
    }

    /// The leaf indexes of the entry rows on a page, in order.
    static func leaves(_ html: String, table: String = "entries") -> [String] {
        guard let start = html.range(of: "<table id=\"\(table)\"") else { return [] }
        let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return Chromium.attributeSets(in: String(html[start.lowerBound..<end]), marker: "data-leaf=").compactMap {
            $0["data-leaf"]
        }
    }

    @Test("a lab name with a space typed into the front page's form lists that lab's reports, and compares them")
    func formFilterWithSpace() async throws {
        try await Self.withRegistry { server, _ in
            let browser = try ChromiumSession()
            defer { browser.close() }
            try browser.open(server.url + "/")
            #expect(Self.leaves(try browser.html()) == ["2", "1", "0"])
            try browser.type("Lab C", into: "#filter-lab")
            try browser.click("#filter-list")
            let listed = try browser.location()
            #expect(listed.contains("lab=Lab+C"), "the browser sends the space as +: \(listed)")
            let page = try browser.html()
            #expect(Self.leaves(page) == ["2", "1"], "Lab C's reports, newest first: \(listed)")
            #expect(page.contains("Newest reports where lab is Lab C"))
            #expect(page.contains("id=\"filter-lab\" value=\"Lab C\""), "the form keeps what was typed")

            // The same form's other button: the comparison of Lab C's reports only.
            try browser.open(server.url + "/")
            try browser.type("Lab C", into: "#filter-lab")
            try browser.click("#filter-compare")
            #expect(try browser.location().contains("/compare?") && browser.location().contains("lab=Lab+C"))
            let compared = try browser.html()
            #expect(compared.contains("Zeta Z9 — Lab C #1") && compared.contains("Acme P1 — Lab C #2"))
            #expect(!compared.contains("Lab A #0"), "Lab A's report is not compared")

            // A device name with a space, form-encoded, on the device page.
            try browser.open(server.url + "/devices?device=Acme+P1")
            #expect(Self.leaves(try browser.html()) == ["2", "0"])
            // %2B is a plus, not a space: no lab is called "Lab+C".
            try browser.open(server.url + "/?lab=Lab%2BC")
            #expect(Self.leaves(try browser.html()).isEmpty)
        }
    }

    @Test("the JSON API reads + in a query as a space and %2B as a plus, as the pages do (Docs/registry-openapi.yaml)")
    func apiQueryPlus() async throws {
        try await Self.withRegistry { server, folder in
            let fixture = try RegistryBundles.fixture()
            func listed(_ query: String) async throws -> [Int] {
                let (data, _) = try await URLSession.shared.data(
                    from: URL(string: server.url + "/api/v1/bundles?" + query)!)
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                let entries = object?["entries"] as? [[String: Any]] ?? []
                return entries.compactMap { $0["leaf_index"] as? Int }
            }
            for (query, expected) in [
                ("lab=Lab+C", [2, 1]), ("lab=Lab%20C", [2, 1]), ("lab=Lab%2BC", []), ("device=Acme+P1", [2, 0]),
            ] {
                let found = try await listed(query)
                #expect(found == expected, "?\(query)")
            }
            // A plus in a filter given to the registry's client (`aitc compare --from --device`)
            // reaches the registry as a plus, not as a space.
            let plus = folder + "/plus.sigstore.json"
            try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme+", model: "P1", fixture: fixture)
                .write(to: URL(fileURLWithPath: plus))
            let published = try AitcProcess.run(["registry", "publish", plus, "--to", server.url])
            #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
            #expect(try await listed("device=Acme%2B+P1") == [3])
            let compared = try await RegistryClient(address: server.url).compare(query: [("device", "Acme+ P1")])
            #expect(compared.entries.map(\.leafIndex) == [3], "the client sends + as %2B")
        }
    }

    @Test(
        "every page is reached from the front page by clicking: leaderboards, a clause's leaderboard, a device, the comparison"
    )
    func pagesReachedByClicking() async throws {
        try await Self.withRegistry { server, _ in
            let browser = try ChromiumSession()
            defer { browser.close() }
            try browser.open(server.url + "/")
            try browser.click("#suites a.leaderboards")
            #expect(try browser.location().contains("/leaderboard/smartphone?suite_id="))
            let index = try browser.html()
            let clauses = Chromium.attributeSets(in: index, marker: "data-clause=").compactMap { $0["data-clause"] }
            #expect(!clauses.isEmpty, "the class's clauses are listed: \(index.prefix(400))")

            try browser.click("#clauses a[data-clause]")
            let clause = try #require(clauses.sorted().first)
            #expect(try browser.location().contains("clause=\(clause)"))
            let board = try browser.html()
            #expect(board.contains("id=\"leaderboard\""))
            #expect(Set(Self.leaves(board, table: "leaderboard")) == ["0", "1", "2"], "every report's rows")

            try browser.click("#leaderboard a[href^=\"/devices\"]")
            #expect(try browser.location().contains("/devices?device="))
            #expect(!Self.leaves(try browser.html()).isEmpty, "the device page lists the device's reports")

            try browser.open(server.url + "/")
            try browser.click("#suites a.comparison")
            let compared = try browser.html()
            #expect(compared.contains("id=\"comparison\""))
            for column in ["Acme P1 — Lab A #0", "Zeta Z9 — Lab C #1", "Acme P1 — Lab C #2"] {
                #expect(compared.contains(column))
            }

            try browser.open(server.url + "/")
            try browser.click("#entries a[href^=\"/devices\"]")
            #expect(Self.leaves(try browser.html()) == ["2", "0"], "entry 2's device, Acme P1, has entries 2 and 0")
        }
    }

    @Test(
        "the front page links every device class and suite published, not only those listed; the comparison page links back to the front page, the class's leaderboards, each report's device page and bundle"
    )
    func linksFromEveryEntryAndBack() async throws {
        try await Self.withRegistry { server, folder in
            let fixture = try RegistryBundles.fixture()
            // Entry 3: Lab A's pc report, the only report of its class.
            let pc = folder + "/pc.sigstore.json"
            try #require(fixture.signed.first { $0.deviceClass == "pc" }).bundle.write(to: URL(fileURLWithPath: pc))
            let published = try AitcProcess.run(["registry", "publish", pc, "--to", server.url])
            #expect(published.stdout.contains("accepted: entry 3"), "\(published.stdout)\(published.stderr)")

            let browser = try ChromiumSession()
            defer { browser.close() }
            // Lab C's reports are all smartphone ones: the pc class keeps its links all the same.
            try browser.open(server.url + "/?lab=Lab+C")
            let front = try browser.html()
            #expect(Self.leaves(front) == ["2", "1"])
            let classes = Chromium.attributeSets(in: front, marker: "data-class=").compactMap { $0["data-class"] }
            #expect(classes == ["pc", "smartphone"], "one link per class and suite, from every entry")
            try browser.click("#suites li[data-class=\"pc\"] a.leaderboards")
            #expect(try browser.location().contains("/leaderboard/pc?suite_id="))
            #expect(try browser.html().contains("data-clause="), "the pc report's clauses are listed")

            // The comparison of the smartphone reports links back.
            try browser.open(server.url + "/compare?device_class=smartphone")
            let compared = try browser.html()
            #expect(
                Self.leaves(compared, table: "reports") == ["2", "1", "0"],
                "one row per compared report, as the columns")
            let bundles = Chromium.attributeSets(in: compared, marker: "class=\"bundle\"").compactMap { $0["href"] }
            #expect(bundles.count == 3)
            for address in bundles {
                let (bytes, _) = try await URLSession.shared.data(from: URL(string: server.url + address)!)
                #expect(
                    address.hasSuffix("/" + Hex.encode(Array(SHA256.hash(data: bytes)))),
                    "the link downloads the bundle it names")
            }
            try browser.click("#reports tr[data-leaf=\"1\"] a.device")
            #expect(try browser.location().contains("/devices?device=Zeta"))
            #expect(Self.leaves(try browser.html()) == ["1"])

            try browser.open(server.url + "/compare?device_class=smartphone")
            try browser.click("#back a.leaderboards[data-class=\"smartphone\"]")
            #expect(try browser.location().contains("/leaderboard/smartphone?suite_id="))
            #expect(try browser.html().contains("data-clause="))
            try browser.open(server.url + "/compare?device_class=smartphone")
            try browser.click("#front-page")
            #expect(try browser.location() == server.url + "/")
            #expect(Self.leaves(try browser.html()) == ["3", "2", "1", "0"])
        }
    }
}
