import ParleyLink
import ParleyWire

#if canImport(Glibc)
import Glibc
#endif

/// A test client of the relay that collects what it receives.
protocol TestPeer: AnyObject {
    /// Reads whatever arrives within `timeout` seconds.
    func pump(timeout: Double) throws
    /// Whether the relay closed the connection.
    var isClosedByRelay: Bool { get }
}

extension TestPeer {
    /// Reads until `condition` holds, at most `timeout` seconds. Returns whether it held.
    @discardableResult
    func waitUntil(timeout: Double = 5, _ condition: () -> Bool) throws -> Bool {
        let deadline = TestSocket.now() + timeout
        while !condition() {
            let remaining = deadline - TestSocket.now()
            if remaining <= 0 || isClosedByRelay { return condition() }
            try pump(timeout: min(remaining, 0.05))
        }
        return true
    }
}

/// Reads from several peers in turn until `condition` holds, at most `timeout` seconds.
@discardableResult
func waitUntil(_ peers: [any TestPeer], timeout: Double = 5, _ condition: () -> Bool) throws -> Bool {
    let deadline = TestSocket.now() + timeout
    while !condition() {
        if TestSocket.now() >= deadline { return condition() }
        for peer in peers where !peer.isClosedByRelay { try peer.pump(timeout: 0.005) }
    }
    return true
}

/// A framed Parley client over TCP.
final class FramedTestClient: TestPeer {
    let socket: TestSocket
    private var decoder = FrameDecoder(expectsPreamble: true)
    private(set) var received: [Message] = []
    private(set) var isClosedByRelay = false
    private(set) var decodeFailure: WireError?

    init(port: Int, receiveBuffer: Int32? = nil) throws {
        socket = try TestSocket(tcpPort: port, receiveBuffer: receiveBuffer)
    }

    /// Connects, sends the preamble and HELLO.
    convenience init(port: Int, nick: String, resumeAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, receiveBuffer: Int32? = nil) throws {
        try self.init(port: port, receiveBuffer: receiveBuffer)
        try socket.send(Preamble.bytes + Message.hello(Hello(nick: nick, resumeAfter: resumeAfter, history: history)).encoded())
    }

    func send(_ message: Message) throws {
        try socket.send(message.encoded())
    }

    func submit(key: UInt64, _ text: String, to target: String = "") throws {
        try send(.submit(Submit(key: key, target: target, text: text)))
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        if bytes.isEmpty { isClosedByRelay = true }
        decoder.append(bytes)
        do {
            while let message = try decoder.next() { received.append(message) }
        } catch {
            decodeFailure = error
        }
    }

    var chats: [Chat] { received.compactMap { if case .chat(let chat) = $0 { return chat } else { return nil } } }
    var errors: [ErrorReport] { received.compactMap { if case .error(let report) = $0 { return report } else { return nil } } }
    var lefts: [Left] { received.compactMap { if case .left(let left) = $0 { return left } else { return nil } } }
    var welcome: Welcome? {
        for message in received { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }

    /// Joins and waits for WELCOME.
    func joined(timeout: Double = 5) throws -> Bool {
        try waitUntil(timeout: timeout) { welcome != nil }
    }
}

/// A plain-text client, as `nc` would be.
final class LineTestClient: TestPeer {
    let socket: TestSocket
    private var partial: [UInt8] = []
    private(set) var lines: [String] = []
    private(set) var isClosedByRelay = false

    init(port: Int) throws {
        socket = try TestSocket(tcpPort: port)
    }

    func type(_ line: String) throws {
        try socket.send(Array((line + "\n").utf8))
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        if bytes.isEmpty { isClosedByRelay = true }
        for byte in bytes {
            if byte == 0x0A {
                lines.append(String(decoding: partial, as: UTF8.self))
                partial.removeAll()
            } else {
                partial.append(byte)
            }
        }
    }
}

/// A Parley client over the reliable UDP link: `LinkClient` on a real UDP socket.
final class LinkTestClient: TestPeer {
    let socket: TestSocket
    private var link: LinkClient
    private(set) var received: [Message] = []
    private(set) var isClosedByRelay = false
    /// Why the link closed, once it has (from the relay's CLOSE, or a RESET).
    private(set) var closeReason: LinkCloseReason?
    /// When this client last began sending a datagram (monotonic nanoseconds).
    private(set) var lastSent: UInt64 = 0

    init(port: Int, nick: String, resumeAfter: UInt64 = 0) throws {
        socket = try TestSocket(udpPort: port)
        var generator = SystemRandomNumberGenerator()
        link = LinkClient(nonce: generator.next(), seed: generator.next())
        try perform(link.start(now: Self.nanoseconds()))
        try send(.hello(Hello(nick: nick, resumeAfter: resumeAfter)))
    }

    func send(_ message: Message) throws {
        try perform(link.send(frame: message.encoded(), now: Self.nanoseconds()))
    }

    func submit(key: UInt64, _ text: String, to target: String = "") throws {
        try send(.submit(Submit(key: key, target: target, text: text)))
    }

    func close() throws {
        try perform(link.close(now: Self.nanoseconds()))
        socket.close()
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay else { return }
        var wait = timeout
        if let deadline = link.nextDeadline {
            let now = Self.nanoseconds()
            wait = min(wait, deadline > now ? Double(deadline - now) / 1e9 : 0)
        }
        if let bytes = try socket.receive(timeout: wait) {
            guard !bytes.isEmpty else {
                isClosedByRelay = true  // the relay's port is closed (ICMP port unreachable)
                return
            }
            try perform(link.receive(bytes, now: Self.nanoseconds()))
        }
        try perform(link.tick(now: Self.nanoseconds()))
    }

    private func perform(_ actions: [LinkClientAction]) throws {
        for action in actions {
            switch action {
            case .send(let bytes):
                lastSent = Self.nanoseconds()  // before: the relay cannot hear it any earlier
                try socket.send(bytes)
            case .deliver(let frame): if let message = try? Message.decode(frame: frame) { received.append(message) }
            case .closed(let reason):
                isClosedByRelay = true
                closeReason = reason
            case .established, .down, .up: break
            }
        }
    }

    var chats: [Chat] { received.compactMap { if case .chat(let chat) = $0 { return chat } else { return nil } } }
    var welcome: Welcome? {
        for message in received { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }

    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
