import ParleyLink
import ParleyWire

/// A Parley client over the reliable UDP link: `LinkClient` on a real UDP socket. It keeps every
/// datagram it sent, so a test can replay them from elsewhere.
public final class LinkPeer: ParleyPeer, TestPeer {
    /// The UDP socket (a test may send raw datagrams on it).
    public let socket: LoopbackSocket
    /// The HELLO it sent.
    public let hello: Hello
    private var link: LinkClient
    /// Whether the session has ended (CLOSE, or the relay's port is gone).
    public private(set) var isClosedByRelay = false
    /// Why the link closed, once it has (from the relay's CLOSE, or a RESET).
    public private(set) var closeReason: LinkCloseReason?
    /// When this peer last began sending a datagram (`TestClock` nanoseconds).
    public private(set) var lastSent: UInt64 = 0
    /// Every datagram sent, in order.
    public private(set) var sentDatagrams: [[UInt8]] = []
    /// Whether to answer the relay (reads, acknowledgements, PONGs); a peer that never reads does not.
    public var isReading = true

    /// Opens a link to 127.0.0.1:`port` and sends `hello` as its first frame.
    public init(port: Int, hello: Hello) throws {
        socket = try LoopbackSocket.udp(port: port)
        var generator = SystemRandomNumberGenerator()
        link = LinkClient(nonce: generator.next(), seed: generator.next())
        self.hello = hello
        super.init(nick: hello.nick, firstRequest: hello.request + 1)
        try perform(link.start(now: TestClock.nanoseconds()))
        try send(.hello(hello))
    }

    /// Opens a link and says HELLO as `nick`, asking for `history` recent messages (none by
    /// default) in `rooms` (the lobby when empty).
    public convenience init(
        port: Int, nick: String, history: UInt16 = 0, rooms: [RoomCursor] = [], epoch: UInt64 = 0, request: UInt64 = 1
    ) throws {
        try self.init(port: port, hello: Hello(request: request, nick: nick, epoch: epoch, history: history, rooms: rooms))
    }

    /// The link session's id, once the relay accepted it.
    public var sessionID: UInt64? { link.sessionID }

    /// Sends `frame` as one frame of the link.
    public override func send(frame: [UInt8]) throws {
        try perform(link.send(frame: frame, now: TestClock.nanoseconds()))
    }

    /// The highest DATA sequence number this peer has sent.
    public var lastSequenceSent: UInt32 {
        sentDatagrams.compactMap { bytes -> UInt32? in
            if case .data(let segment)? = try? Datagram.decode(bytes) { return segment.sequence }
            return nil
        }.max() ?? 0
    }

    /// Says goodbye at the link level and closes the socket.
    public func close() throws {
        guard !socket.isClosed else { return }
        try perform(link.close(now: TestClock.nanoseconds()))
        socket.close()
    }

    /// Reads what arrives within `timeout` seconds (or until the link's next deadline), runs
    /// the link's timers, decodes delivered frames and answers PINGs.
    public func pump(timeout: Double) throws {
        guard !isClosedByRelay else { return }
        guard isReading else {
            TestClock.sleep(timeout)
            return
        }
        var wait = timeout
        if let deadline = link.nextDeadline {
            let now = TestClock.nanoseconds()
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
            try perform(link.receive(bytes, now: TestClock.nanoseconds()))
            drained += 1
            next = drained < 512 ? try socket.receive(timeout: 0) : nil
        }
        try perform(link.tick(now: TestClock.nanoseconds()))
    }

    private func perform(_ actions: [LinkClientAction]) throws {
        for action in actions {
            switch action {
            case .send(let bytes):
                sentDatagrams.append(bytes)
                lastSent = TestClock.nanoseconds()  // before: the relay cannot hear it any earlier
                guard !socket.isClosed else { continue }
                try socket.send(bytes)
            case .deliver(let frame):
                let message: RelayMessage
                do throws(WireError) {
                    message = try RelayMessage.decode(frame: frame)
                } catch {
                    recordFailure(error)
                    continue
                }
                record(message)
                if case .ping(let token) = message { try send(.pong(token)) }
            case .closed(let reason):
                isClosedByRelay = true
                closeReason = reason
            case .established, .down, .up:
                break
            }
        }
    }
}
