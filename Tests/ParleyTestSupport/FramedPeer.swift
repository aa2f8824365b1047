import ParleyWire

/// A framed Parley client over TCP: the preamble and HELLO, then frames both ways. It answers
/// the relay's PINGs.
public final class FramedPeer: ParleyPeer, TestPeer {
    /// The connection (a test may write raw bytes on it, or cut it).
    public let socket: LoopbackSocket
    /// The HELLO it sent, if any.
    public let hello: Hello?
    private var stream = InboundStream<RelayMessage>(.framedWithPreamble)
    /// Whether the connection has ended (the relay closed it, or the test did).
    public private(set) var isClosedByRelay = false

    /// Connects, and with a `hello` sends the preamble and it.
    public init(port: Int, hello: Hello?, receiveBuffer: Int32? = nil) throws {
        socket = try LoopbackSocket.tcp(port: port, receiveBuffer: receiveBuffer)
        self.hello = hello
        super.init(nick: hello?.nick ?? "", firstRequest: (hello?.request ?? 0) + 1)
        if let hello { try socket.send(Preamble.bytes + ClientMessage.hello(hello).encoded()) }
    }

    /// Connects, and with a nick sends the preamble and HELLO (request id `request`, the peer's
    /// first) asking for `history` recent messages (none by default) in `rooms` (the lobby
    /// when empty).
    public convenience init(
        port: Int, nick: String?, history: UInt16 = 0, rooms: [RoomCursor] = [], epoch: UInt64 = 0,
        privateAfter: UInt64 = 0, resumeToken: UInt64 = 0, request: UInt64 = 1, receiveBuffer: Int32? = nil
    ) throws {
        let hello = nick.map {
            Hello(
                request: request, nick: $0, epoch: epoch, privateAfter: privateAfter, history: history,
                resumeToken: resumeToken, rooms: rooms
            )
        }
        try self.init(port: port, hello: hello, receiveBuffer: receiveBuffer)
    }

    /// Writes `frame` on the connection as it is.
    public override func send(frame: [UInt8]) throws {
        try socket.send(frame)
    }

    /// Reads what arrives within `timeout` seconds, decodes it and answers PINGs.
    public func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        guard !bytes.isEmpty else {
            isClosedByRelay = true
            return
        }
        stream.append(bytes)
        while let item = stream.next() {
            switch item {
            case .message(let message):
                record(message)
                if case .ping(let token) = message { try send(.pong(token)) }
            case .failure(let error):
                recordFailure(error)
            case .classified, .line, .lineTooLong:
                break
            }
        }
    }

    /// Waits for WELCOME.
    public func joined(timeout: Double = 5) throws -> Bool {
        try waitUntil(timeout: timeout) { welcome != nil }
    }

    /// Closes the connection (a FIN, without BYE).
    public func close() {
        socket.close()
    }
}
