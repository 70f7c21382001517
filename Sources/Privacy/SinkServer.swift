import Foundation
import Locking

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// The observer on the far side of the device's link: captures every frame on `interface` with an
/// AF_PACKET socket (kernel timestamps), records the interface's carrier and state changes over
/// rtnetlink (re-binding the capture when an interface of that name is made again), and — when
/// given an address — answers DNS A queries on
/// UDP 53 with its own address and accepts TCP/UDP on `listenPort`, recording what arrives. Runs
/// on its own thread inside `namespace` (or the current namespace for gateway mode), bounded in
/// time, frames and bytes.
package final class SinkServer: @unchecked Sendable {
    /// Bounds on what one sink keeps.
    package struct Limits: Sendable {
        package var maxFrames = 200_000
        package var maxFrameBytes = 256 << 20
        package var maxPayloadBytes = 1 << 20
        package var maxSeconds: Double = 1_800
        package init() {}
    }

    private let namespace: String?
    private let interface: String
    private let address: String?
    private let listenPort: UInt16
    private let limits: Limits
    private let lock = Locked()
    private var stopRequested = false
    private var frames: [CapturedFrame] = []
    private var frameBytes = 0
    private var dropped = 0
    private var dnsNames: [String] = []
    private var payloads: [SinkPayload] = []
    private var notes: [String] = []
    private var linkChanges: [LinkStateChange] = []
    private var linkProblem: String?
    private let finished = DispatchSemaphore(value: 0)
    private var running = false

    /// Creates a sink; nothing runs until ``start()``.
    package init(
        namespace: String?, interface: String, address: String?, listenPort: UInt16 = 9, limits: Limits = Limits()
    ) {
        self.namespace = namespace
        self.interface = interface
        self.address = address
        self.listenPort = listenPort
        self.limits = limits
    }

    /// Opens the sockets (inside the namespace) and starts capturing.
    package func start() throws(PrivacyError) {
        let ready = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let thread = Thread { [self] in
            var sockets: Sockets
            do throws(PrivacyError) {
                if let namespace { try NamespaceEntry.enter(namespace) }
                sockets = try Sockets.open(interface: interface, address: address, port: listenPort)
            } catch {
                failure.set(error)
                ready.signal()
                finished.signal()
                return
            }
            ready.signal()
            serve(&sockets)
            sockets.closeAll()
            finished.signal()
        }
        thread.name = "aitc-sink"
        thread.start()
        ready.wait()
        if let error = failure.get() { throw error }
        lock.withLock { running = true }
    }

    /// Stops after draining what is queued, and returns everything seen.
    package func stop() -> SinkRecord {
        let wasRunning = lock.withLock {
            stopRequested = true
            defer { running = false }
            return running
        }
        if wasRunning { _ = finished.wait(timeout: .now() + 10) }
        return lock.withLock {
            SinkRecord(
                frames: frames, dnsNames: dnsNames, payloads: payloads, droppedFrames: dropped, notes: notes,
                linkState: LinkStateLog(interface: interface, changes: linkChanges, unobserved: linkProblem))
        }
    }

    private func shouldStop() -> Bool {
        lock.withLock { stopRequested }
    }

    private func note(_ text: String) {
        lock.withLock { if notes.count < 50 { notes.append(text) } }
    }

    private func serve(_ sockets: inout Sockets) {
        let deadline = Date().addingTimeInterval(limits.maxSeconds)
        var buffer = [UInt8](repeating: 0, count: 262_144)
        var streams: [Int32: (peer: String, bytes: [UInt8])] = [:]
        var quietRounds = 0
        lock.withLock { linkProblem = sockets.netlinkProblem }
        while Date() < deadline {
            let stopping = shouldStop()
            var fds = [pollfd(fd: sockets.packet, events: Int16(POLLIN), revents: 0)]
            for fd in [sockets.dns, sockets.udp, sockets.tcp, sockets.netlink] where fd >= 0 {
                fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            }
            for fd in streams.keys { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), stopping ? 50 : 20)
            if ready <= 0 {
                if stopping {
                    quietRounds += 1
                    if quietRounds >= 2 { break }
                }
                continue
            }
            quietRounds = 0
            for entry in fds where entry.revents != 0 {
                if entry.fd == sockets.packet {
                    readFrames(sockets.packet, &buffer)
                } else if entry.fd == sockets.netlink {
                    readLinkState(&sockets, &buffer)
                } else if entry.fd == sockets.dns {
                    answerDNS(sockets.dns, &buffer)
                } else if entry.fd == sockets.udp {
                    receiveDatagram(sockets.udp, &buffer)
                } else if entry.fd == sockets.tcp {
                    while case let client = accept(sockets.tcp, nil, nil), client >= 0 {
                        _ = fcntl(client, F_SETFL, O_NONBLOCK)
                        streams[client] = (peer: "tcp connection \(streams.count + payloads.count + 1)", bytes: [])
                    }
                } else if var stream = streams[entry.fd] {
                    let count = read(entry.fd, &buffer, buffer.count)
                    if count > 0 {
                        if stream.bytes.count < limits.maxPayloadBytes {
                            stream.bytes += buffer[0..<min(count, limits.maxPayloadBytes - stream.bytes.count)]
                        }
                        streams[entry.fd] = stream
                    } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                        close(entry.fd)
                        streams[entry.fd] = nil
                        record(SinkPayload(peer: stream.peer, bytes: stream.bytes))
                    }
                }
            }
        }
        if Date() >= deadline { note("the sink stopped at its \(Int(limits.maxSeconds)) s bound") }
        for (fd, stream) in streams {
            close(fd)
            record(SinkPayload(peer: stream.peer, bytes: stream.bytes))
        }
    }

    private func record(_ payload: SinkPayload) {
        lock.withLock { payloads.append(payload) }
    }

    private func readFrames(_ fd: Int32, _ buffer: inout [UInt8]) {
        var control = [UInt8](repeating: 0, count: 128)
        // sockaddr_ll: family (2), protocol (2), ifindex (4), hatype (2), pkttype (1), halen (1), addr (8).
        var link = [UInt8](repeating: 0, count: 20)
        while true {
            var length = 0
            var controlLength = 0
            buffer.withUnsafeMutableBytes { data in
                control.withUnsafeMutableBytes { ctl in
                    link.withUnsafeMutableBytes { name in
                        var iov = iovec(iov_base: data.baseAddress, iov_len: data.count)
                        withUnsafeMutablePointer(to: &iov) { iovPointer in
                            var message = msghdr()
                            message.msg_name = name.baseAddress
                            message.msg_namelen = socklen_t(name.count)
                            message.msg_iov = iovPointer
                            message.msg_iovlen = 1
                            message.msg_control = ctl.baseAddress
                            message.msg_controllen = ctl.count
                            length = recvmsg(fd, &message, 0x20 | 0x40)  // MSG_TRUNC | MSG_DONTWAIT
                            controlLength = Int(message.msg_controllen)
                        }
                    }
                }
            }
            guard length >= 0 else {
                let error = errno
                if error != EAGAIN && error != EWOULDBLOCK {
                    note("the capture socket reported \(String(cString: strerror(error))) (the capture goes on)")
                }
                return
            }
            var seconds = Int64(0)
            var nanos = Int64(0)
            if let stamp = Self.timestamp(control, length: controlLength) {
                (seconds, nanos) = stamp
            } else {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                (seconds, nanos) = (Int64(now.tv_sec), Int64(now.tv_nsec))
            }
            let kept = min(length, buffer.count)
            lock.withLock {
                if frames.count < limits.maxFrames, frameBytes + kept <= limits.maxFrameBytes {
                    frames.append(
                        CapturedFrame(
                            seconds: seconds, nanoseconds: nanos, bytes: Array(buffer[0..<kept]),
                            originalLength: length,
                            sentByObserver: link[10] == 4))  // PACKET_OUTGOING
                    frameBytes += kept
                } else {
                    dropped += 1
                }
            }
        }
    }

    /// Reads the kernel's link messages and keeps each state of the captured interface that differs
    /// from the one before (bounded).
    /// When an interface of the captured name comes back under a new index (a USB link replugged,
    /// a tethering phone rebooted), the capture is bound to it again.
    private func readLinkState(_ sockets: inout Sockets, _ buffer: inout [UInt8]) {
        while true {
            let count = recv(sockets.netlink, &buffer, buffer.count, 0x40)  // MSG_DONTWAIT
            guard count > 0 else {
                if count < 0, errno == ENOBUFS { note("link-state messages were lost (the kernel's queue overflowed)") }
                return
            }
            let states = LinkStateChange.parse(
                Array(buffer[0..<count]), index: sockets.index, name: interface, timeNs: WorkloadPass.realtimeNs())
            for state in states {
                if !state.removed, state.index != sockets.index {
                    do throws(PrivacyError) {
                        try sockets.reopenCapture(interface)
                        note("\(interface) came back as index \(sockets.index): the capture was bound to it again")
                    } catch {
                        note("\(interface) came back but the capture could not be bound to it again: \(error.message)")
                        continue
                    }
                }
                lock.withLock {
                    if linkChanges.last.map({ !$0.sameState(as: state) }) ?? true, linkChanges.count < 10_000 {
                        linkChanges.append(state)
                    }
                }
            }
        }
    }

    /// The SCM_TIMESTAMPNS control message (level SOL_SOCKET, type 35) of a 64-bit Linux recvmsg.
    static func timestamp(_ control: [UInt8], length: Int) -> (Int64, Int64)? {
        var at = 0
        func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            control.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        }
        while at + 32 <= min(length, control.count) {
            let size = Int(load(at, UInt64.self))
            let level = load(at + 8, Int32.self)
            let type = load(at + 12, Int32.self)
            if level == SOL_SOCKET, type == 35, size >= 32 {
                return (load(at + 16, Int64.self), load(at + 24, Int64.self))
            }
            guard size >= 16 else { return nil }
            at += (size + 7) & ~7
        }
        return nil
    }

    private func answerDNS(_ fd: Int32, _ buffer: inout [UInt8]) {
        var peer = sockaddr_in()
        var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(fd, &buffer, buffer.count, 0x40, $0, &peerLength)
            }
        }
        guard count > 0, let query = DNSMessage(query: Array(buffer[0..<count])) else { return }
        lock.withLock { if dnsNames.count < 100_000 { dnsNames.append(query.name) } }
        let reply = query.answer(ipv4: address.map(Self.ipv4Bytes) ?? [])
        _ = withUnsafePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, reply, reply.count, 0x40, $0, peerLength)
            }
        }
    }

    private func receiveDatagram(_ fd: Int32, _ buffer: inout [UInt8]) {
        var peer = sockaddr_in()
        var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(fd, &buffer, buffer.count, 0x40, $0, &peerLength)
            }
        }
        guard count >= 0 else { return }
        record(
            SinkPayload(
                peer: "udp from port \(UInt16(bigEndian: peer.sin_port))",
                bytes: Array(buffer[0..<min(count, limits.maxPayloadBytes)])))
    }

    static func ipv4Bytes(_ text: String) -> [UInt8] {
        let parts = text.split(separator: ".").compactMap { UInt8($0) }
        return parts.count == 4 ? parts : []
    }
}
