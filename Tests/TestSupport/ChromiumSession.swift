import Foundation

/// Debian's headless Chromium driven over the DevTools protocol (`--remote-debugging-pipe`), for
/// tests that use a page as a person does: type into a field, click a link or a button, and read
/// the page the browser went to. Keys and clicks are real input events at the element's place on
/// the rendered page, so a link that is hidden, covered or missing cannot be "clicked".
package final class ChromiumSession: @unchecked Sendable {
    let process = Process()
    let commands = Pipe()
    let replies = Pipe()
    let profile = NSTemporaryDirectory() + "aitc-chromium-" + UUID().uuidString
    var buffer = Data()
    var nextID = 1
    var events: [String] = []
    var sessionID = ""
    var doing = "starting"

    /// Why the browser did not do what the test asked.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Starts the browser on an empty page; it is killed after `timeout` seconds whatever happens,
    /// so a page that never loads fails the test instead of hanging it.
    package init(timeout: TimeInterval = 300) throws {
        guard let executable = Chromium.executable else { throw Chromium.Missing() }
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The protocol runs on the browser's descriptors 3 (commands in) and 4 (replies out).
        process.arguments = [
            "-c",
            "exec \"$0\" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                + " --user-data-dir=\"$1\" --remote-debugging-pipe about:blank 3<&0 4>&1 0</dev/null 1>/dev/null",
            executable, profile,
        ]
        process.standardInput = commands
        process.standardOutput = replies
        process.standardError = FileHandle.nullDevice
        try process.run()
        let process = self.process
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if process.isRunning { process.terminate() } }
        let targets = try send("Target.getTargets", [:], inSession: false)
        guard let infos = targets["targetInfos"] as? [[String: Any]],
            let page = infos.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String
        else { throw Failure(description: "chromium opened no page: \(targets)") }
        let attached = try send("Target.attachToTarget", ["targetId": page, "flatten": true], inSession: false)
        guard let session = attached["sessionId"] as? String else {
            throw Failure(description: "chromium did not attach to its page: \(attached)")
        }
        sessionID = session
        _ = try send("Page.enable", [:])
    }

    deinit { close() }

    /// Stops the browser and removes its profile.
    package func close() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Goes to `address` and waits until the page has loaded.
    package func open(_ address: String) throws {
        events.removeAll()
        let result = try send("Page.navigate", ["url": address])
        if let error = result["errorText"] as? String { throw Failure(description: "\(address): \(error)") }
        doing = "loading \(address)"
        try waitFor("Page.loadEventFired")
    }

    /// The page's address now.
    package func location() throws -> String { try evaluate("location.href") }

    /// The page's markup as the browser holds it now.
    package func html() throws -> String { try evaluate("document.documentElement.outerHTML") }

    /// The string value of a JavaScript expression evaluated by the browser in the page (DevTools
    /// evaluation, not the page's own script, which the registry's pages do not allow).
    package func evaluate(_ expression: String) throws -> String {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        guard let value = (result["result"] as? [String: Any])?["value"] as? String else {
            throw Failure(description: "\(expression) gave no string: \(result)")
        }
        return value
    }

    /// Focuses the element `selector` and types `text` into it, key by key.
    package func type(_ text: String, into selector: String) throws {
        _ = try send("DOM.focus", ["nodeId": try node(selector)])
        for character in text {
            let key = String(character)
            _ = try send("Input.dispatchKeyEvent", ["type": "keyDown", "key": key, "text": key])
            _ = try send("Input.dispatchKeyEvent", ["type": "keyUp", "key": key])
        }
    }

    /// Clicks the middle of the element `selector` with the left mouse button, as it is drawn, and
    /// waits for the page it leads to.
    package func click(_ selector: String) throws {
        let node = try node(selector)
        _ = try send("DOM.scrollIntoViewIfNeeded", ["nodeId": node])
        // Where it is drawn now, in the viewport's coordinates (where mouse events land).
        let quads = try send("DOM.getContentQuads", ["nodeId": node])
        guard let quad = (quads["quads"] as? [[Double]])?.first, quad.count == 8 else {
            throw Failure(description: "\(selector) is not drawn: \(quads)")
        }
        let x = (quad[0] + quad[2] + quad[4] + quad[6]) / 4
        let y = (quad[1] + quad[3] + quad[5] + quad[7]) / 4
        events.removeAll()
        _ = try send("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": x, "y": y])
        for type in ["mousePressed", "mouseReleased"] {
            _ = try send(
                "Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": "left", "clickCount": 1])
        }
        doing = "waiting for the page \(selector) leads to"
        try waitFor("Page.loadEventFired")
    }

    /// The DOM node of the first element matching `selector`.
    func node(_ selector: String) throws -> Int {
        let document = try send("DOM.getDocument", ["depth": 0])
        guard let root = (document["root"] as? [String: Any])?["nodeId"] as? Int else {
            throw Failure(description: "the page has no document: \(document)")
        }
        let found = try send("DOM.querySelector", ["nodeId": root, "selector": selector])
        guard let node = found["nodeId"] as? Int, node != 0 else {
            throw Failure(description: "the page has no \(selector)")
        }
        return node
    }

    /// Sends one command and returns its result; events that arrive meanwhile are kept.
    func send(_ method: String, _ parameters: [String: Any], inSession: Bool = true) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        doing = method
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if inSession { message["sessionId"] = sessionID }
        commands.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: message) + Data([0]))
        while true {
            let reply = try read()
            if let method = reply["method"] as? String {
                events.append(method)
                continue
            }
            guard reply["id"] as? Int == id else { continue }
            if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Reads messages until the event `method` has arrived (or had arrived since it was cleared).
    func waitFor(_ method: String) throws {
        while !events.contains(method) {
            let message = try read()
            if let name = message["method"] as? String { events.append(name) }
        }
    }

    /// The next message from the browser.
    func read() throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = buffer[buffer.startIndex..<end]
                buffer = Data(buffer[(end + 1)...])
                guard let object = try JSONSerialization.jsonObject(with: message) as? [String: Any] else {
                    throw Failure(description: "chromium sent a message that is not an object")
                }
                return object
            }
            let chunk = replies.fileHandleForReading.availableData
            if chunk.isEmpty { throw Failure(description: "chromium stopped (or timed out) while \(doing)") }
            buffer.append(chunk)
        }
    }
}
