import ParleyLink
import ParleyWire

/// A client of the relay driven by the test's thread: it reads what has arrived when pumped.
protocol Peer: AnyObject {
    /// Reads (and answers PINGs in) whatever arrives within `timeout` seconds.
    func pump(timeout: Double) throws
    /// Whether the relay ended the connection.
    var isClosedByRelay: Bool { get }
}

/// Pumps `peers` in turn until `condition` holds or `timeout` seconds pass; returns whether it held.
@discardableResult
func pump(_ peers: [any Peer], timeout: Double, until condition: () -> Bool) throws -> Bool {
    let deadline = Clock.seconds() + timeout
    while !condition() {
        if Clock.seconds() >= deadline { return condition() }
        for peer in peers where !peer.isClosedByRelay { try peer.pump(timeout: 0.002) }
    }
    return true
}

/// What a Parley client (TCP or UDP) has received, and what it has submitted.
class ParleyPeer {
    let nick: String
    private(set) var received: [Message] = []
    /// Keys this peer submitted, in order.
    private(set) var submittedKeys: [UInt64] = []
    private var nextKey: UInt64 = 1

    init(nick: String) {
        self.nick = nick
    }

    func record(_ message: Message) {
        received.append(message)
    }

    /// Sends a message over this peer's transport.
    func send(_ message: Message) throws {}

    /// Submits `text` to the room (or to `target`) under a fresh key, which it returns.
    @discardableResult
    func say(_ text: String, to target: String = "") throws -> UInt64 {
        let key = nextKey
        nextKey += 1
        submittedKeys.append(key)
        try send(.submit(Submit(key: key, target: target, text: text)))
        return key
    }

    var chats: [Chat] { received.compactMap { if case .chat(let chat) = $0 { chat } else { nil } } }
    var errors: [ErrorReport] { received.compactMap { if case .error(let report) = $0 { report } else { nil } } }
    var lefts: [Left] { received.compactMap { if case .left(let left) = $0 { left } else { nil } } }
    var welcome: Welcome? {
        for message in received { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }
    /// The nick the relay gave this peer (its WELCOME), or the one it asked for.
    var givenNick: String { welcome?.nick ?? nick }
    /// Keys of this peer's own messages the relay echoed back.
    var echoedKeys: Set<UInt64> { Set(chats.filter { $0.from == givenNick }.map(\.key)) }
}

/// A framed Parley client over TCP.
final class FramedPeer: ParleyPeer, Peer {
    let socket: Socket
    private var decoder = FrameDecoder(expectsPreamble: true)
    private(set) var isClosedByRelay = false
    private(set) var decodeFailure: WireError?

    /// Connects, and (with a nick) sends the preamble and HELLO.
    init(port: Int, nick: String?, resumeAfter: UInt64 = 0, history: UInt16 = 0, resumeToken: UInt64 = 0, receiveBuffer: Int32? = nil) throws {
        socket = try Socket.tcp(port: port, receiveBuffer: receiveBuffer)
        super.init(nick: nick ?? "")
        if let nick {
            let hello = Hello(nick: nick, resumeAfter: resumeAfter, history: history, resumeToken: resumeToken)
            try socket.send(Preamble.bytes + Message.hello(hello).encoded())
        }
    }

    override func send(_ message: Message) throws {
        try socket.send(message.encoded())
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        if bytes.isEmpty {
            isClosedByRelay = true
            return
        }
        decoder.append(bytes)
        while true {
            let message: Message?
            do throws(WireError) {
                message = try decoder.next()
            } catch {
                decodeFailure = error
                return
            }
            guard let message else { return }
            if case .ping(let token) = message { try send(.pong(token)) }
            record(message)
        }
    }

    /// Waits for WELCOME.
    func joined(timeout: Double = 5) throws -> Bool {
        try ParleyHardeningTests.pump([self], timeout: timeout) { welcome != nil }
    }

    func close() {
        socket.close()
    }
}

/// A plain-text client, as `nc` would be.
final class LinePeer: Peer {
    let socket: Socket
    private var partial: [UInt8] = []
    /// Complete lines received, as raw bytes (so a test can look for any byte at all).
    private(set) var rawLines: [[UInt8]] = []
    private(set) var isClosedByRelay = false

    init(port: Int) throws {
        socket = try Socket.tcp(port: port)
    }

    var lines: [String] { rawLines.map { String(decoding: $0, as: UTF8.self) } }

    func type(_ line: String) throws {
        try socket.send(Array((line + "\n").utf8))
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        if bytes.isEmpty {
            isClosedByRelay = true
            return
        }
        for byte in bytes {
            if byte == 0x0A {
                rawLines.append(partial)
                partial.removeAll()
            } else {
                partial.append(byte)
            }
        }
    }

    func close() {
        socket.close()
    }
}

/// A Parley client over the reliable UDP link: `LinkClient` on a real UDP socket. It keeps every
/// datagram it sent, so a test can replay them from elsewhere.
final class LinkPeer: ParleyPeer, Peer {
    let socket: Socket
    private var link: LinkClient
    private(set) var isClosedByRelay = false
    private(set) var sentDatagrams: [[UInt8]] = []
    /// Whether to answer the relay (reads, acknowledgements, PONGs); a peer that never reads does not.
    var isReading = true

    init(port: Int, nick: String, resumeAfter: UInt64 = 0, history: UInt16 = 0) throws {
        socket = try Socket.udp(port: port)
        var generator = SystemRandomNumberGenerator()
        link = LinkClient(nonce: generator.next(), seed: generator.next())
        super.init(nick: nick)
        try perform(link.start(now: Clock.nanoseconds()))
        try send(.hello(Hello(nick: nick, resumeAfter: resumeAfter, history: history)))
    }

    var sessionID: UInt64? { link.sessionID }

    override func send(_ message: Message) throws {
        try sendFrame(message.encoded())
    }

    /// Sends any bytes as one frame of the link (they need not be a well-formed Parley frame).
    func sendFrame(_ frame: [UInt8]) throws {
        try perform(link.send(frame: frame, now: Clock.nanoseconds()))
    }

    /// The highest DATA sequence number this peer has sent.
    var lastSequenceSent: UInt32 {
        sentDatagrams.compactMap { bytes -> UInt32? in
            if case .data(let segment)? = try? Datagram.decode(bytes) { return segment.sequence }
            return nil
        }.max() ?? 0
    }

    func close() throws {
        try perform(link.close(now: Clock.nanoseconds()))
        socket.close()
    }

    func pump(timeout: Double) throws {
        guard !isClosedByRelay else { return }
        guard isReading else {
            Clock.sleep(timeout)
            return
        }
        var wait = timeout
        if let deadline = link.nextDeadline {
            let now = Clock.nanoseconds()
            wait = min(wait, deadline > now ? Double(deadline - now) / 1e9 : 0)
        }
        // Everything that has arrived, not one datagram per call: a reader that falls behind
        // is a slow consumer, and the relay would rightly disconnect it.
        var next = try socket.receive(timeout: wait)
        var drained = 0
        while let bytes = next {
            guard !bytes.isEmpty else {
                isClosedByRelay = true  // the relay's port is closed (ICMP port unreachable)
                return
            }
            try perform(link.receive(bytes, now: Clock.nanoseconds()))
            drained += 1
            next = drained < 512 ? try socket.receive(timeout: 0) : nil
        }
        try perform(link.tick(now: Clock.nanoseconds()))
    }

    private func perform(_ actions: [LinkClientAction]) throws {
        for action in actions {
            switch action {
            case .send(let bytes):
                sentDatagrams.append(bytes)
                try socket.send(bytes)
            case .deliver(let frame):
                guard let message = try? Message.decode(frame: frame) else { continue }
                record(message)
                if case .ping(let token) = message { try send(.pong(token)) }
            case .closed:
                isClosedByRelay = true
            case .established, .down, .up:
                break
            }
        }
    }
}
