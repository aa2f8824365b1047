import ParleyLink
import ParleyWire

/// One simulated chat user: a framed TCP client, a UDP link client or a line client, with
/// everything the soak checks at the end (ids in order, echoes, resumes).
///
/// Everyone chats in `#lobby`; Parley clients resume there with a per-room cursor (HELLO.rooms)
/// in the relay's history epoch. Frames are decoded by ParleyWire's one input pipeline,
/// `InboundStream<RelayMessage>` (after the preamble over TCP; one frame at a time over the link).
///
/// Guarded by: the soak's one thread.
final class SoakClient {
    enum Kind: String { case tcp, udp, line }
    enum Phase: Equatable { case away, joining, joined }

    let index: Int
    let kind: Kind
    let nick: String
    /// Whether this client leaves and comes back during the run.
    let churns: Bool
    private(set) var phase = Phase.away
    private(set) var socket: SoakSocket?
    private var inbound = InboundStream<RelayMessage>(.framedWithPreamble)
    private var link: LinkClient?
    private var partial: [UInt8] = []
    private(set) var givenNick: String
    /// The relay's resume token from the last WELCOME, sent back when resuming.
    private var resumeToken: UInt64 = 0
    /// The relay's history epoch from the last WELCOME (0: none yet): the lobby cursor is in it.
    private var epoch: UInt64 = 0
    /// The id of the HELLO in flight, to tell its refusals from a SUBMIT's.
    private var helloRequest: UInt64 = 0

    // What the checks need.
    /// The next chat id this client must receive (every id, in order, across reconnections).
    private(set) var expectedNext: UInt64 = 1
    private(set) var anomalies: [String] = []
    private(set) var anomalyCount = 0
    private(set) var chatsReceived: UInt64 = 0
    /// Submissions not yet echoed: request id → send time (ns).
    private(set) var outstanding: [UInt64: UInt64] = [:]
    private(set) var accepted: UInt64 = 0
    private(set) var refused: UInt64 = 0
    private(set) var sent: UInt64 = 0
    private(set) var sessions = 0
    private(set) var resumes = 0
    /// Line clients: chat lines received.
    private(set) var chatLines: UInt64 = 0
    /// Chats received per sender (kept by the reference client only).
    var countsBySender: [String: UInt64]?
    /// Echo latencies (ns), a bounded sample.
    private(set) var latencies: [UInt64] = []
    /// One counter for every request id (HELLO's and SUBMIT's, whose id is its idempotency key):
    /// a random start, never 0.
    private var nextRequest = UInt64.random(in: 1...(1 << 62))

    // Schedule (monotonic seconds).
    var nextSendAt = 0.0
    var leaveAt = Double.infinity
    var returnAt = Double.infinity

    init(index: Int, kind: Kind, churns: Bool) {
        self.index = index
        self.kind = kind
        self.churns = churns
        nick = kind == .line ? "l\(index)" : "s\(index)"
        givenNick = nick
    }

    var isJoined: Bool { phase == .joined }
    /// The last `#lobby` id seen: the cursor a resume sends.
    var lastSeenID: UInt64 { expectedNext - 1 }

    private func makeRequest() -> UInt64 {
        defer { nextRequest = nextRequest == .max ? 1 : nextRequest + 1 }
        return nextRequest
    }

    // MARK: Joining and leaving

    /// Connects and introduces itself, resuming after the last id it saw (if any).
    func join(port: Int, now: UInt64) throws(SoakError) {
        sessions += 1
        let resumeAfter = lastSeenID
        if resumeAfter > 0 { resumes += 1 }
        helloRequest = makeRequest()
        // No capabilities: the soak checks that each resume fits in one replay, so it does not page.
        let hello = ClientMessage.hello(
            Hello(
                request: helloRequest, capabilities: [], nick: nick, epoch: epoch,
                history: resumeAfter > 0 ? Hello.defaultHistory : 0, resumeToken: resumeToken,
                rooms: [RoomCursor(room: RoomName.lobby, after: resumeAfter)]))
        phase = .joining
        switch kind {
        case .tcp:
            let socket = try SoakSocket.tcp(port: port)
            self.socket = socket
            inbound = InboundStream(.framedWithPreamble)
            try socket.send(Preamble.bytes + hello.encoded())
        case .udp:
            let socket = try SoakSocket.udp(port: port)
            self.socket = socket
            inbound = InboundStream(.frames)
            var generator = SystemRandomNumberGenerator()
            link = LinkClient(nonce: generator.next(), seed: generator.next())
            try perform(link?.start(now: now) ?? [])
            try perform(link?.send(frame: hello.encoded(), now: now) ?? [])
        case .line:
            let socket = try SoakSocket.tcp(port: port)
            self.socket = socket
            partial = []
            try socket.send(Array("/nick \(nick)\n".utf8))
        }
    }

    /// Leaves: politely (BYE, CLOSE, /quit) or, for TCP when `abruptly`, by closing (reset or FIN).
    func leave(abruptly: Bool, reset: Bool, now: UInt64) {
        switch kind {
        case .tcp where !abruptly: try? socket?.send(ClientMessage.bye("back soon").encoded(), timeout: 0.5)
        case .udp: try? perform(link?.close(now: now) ?? [])
        case .line: try? socket?.send(Array("/quit\n".utf8), timeout: 0.5)
        case .tcp: break
        }
        socket?.close(reset: abruptly && reset)
        socket = nil
        link = nil
        phase = .away
    }

    // MARK: Sending

    /// Submits one chat message of `filler` extra bytes.
    func say(filler: Int, now: UInt64) throws(SoakError) {
        guard phase == .joined, let socket else { return }
        sent += 1
        let text = "\(nick) #\(sent) " + String(repeating: "x", count: filler)
        switch kind {
        case .line:
            try socket.send(Array((text + "\n").utf8))
        case .tcp, .udp:
            let request = makeRequest()
            outstanding[request] = now
            let frame = ClientMessage.submit(Submit(request: request, to: .room(RoomName.lobby), text: text)).encoded()
            if kind == .tcp { try socket.send(frame) } else { try perform(link?.send(frame: frame, now: now) ?? []) }
        }
    }

    // MARK: Receiving

    /// Reads everything available on the socket (and fires the link's timers).
    func pump(buffer: inout [UInt8], now: UInt64) throws(SoakError) {
        guard let socket else { return }
        var reads = 0
        while reads < 256, let bytes = socket.receive(into: &buffer) {
            reads += 1
            if bytes.isEmpty {
                if kind != .udp {
                    note("the relay closed the connection while \(phase)")
                    self.socket?.close()
                    self.socket = nil
                    phase = .away
                    return
                }
                continue
            }
            switch kind {
            case .tcp:
                inbound.append(bytes)
                try drainInbound(now: now)
            case .udp:
                try perform(link?.receive(bytes, now: now) ?? [])
            case .line:
                receiveLines(bytes)
            }
            if kind == .udp && self.socket == nil { return }
        }
        if kind == .udp, link != nil { try perform(link?.tick(now: now) ?? []) }
    }

    /// When the link next needs `pump` even without input.
    var linkDeadline: UInt64? { link?.nextDeadline }

    func tickLink(now: UInt64) throws(SoakError) {
        try perform(link?.tick(now: now) ?? [])
    }

    private func perform(_ actions: [LinkClientAction]) throws(SoakError) {
        for action in actions {
            switch action {
            case .send(let bytes):
                try socket?.send(bytes)
            case .deliver(let frame):
                inbound.append(frame)
                try drainInbound(now: SoakClock.nanoseconds())
            case .closed(let reason):
                note("the UDP link closed (\(reason)) while \(phase)")
                socket?.close()
                socket = nil
                link = nil
                phase = .away
                return
            case .established, .down, .up:
                break
            }
        }
    }

    /// Hands every message the input pipeline has ready to `handle`.
    private func drainInbound(now: UInt64) throws(SoakError) {
        while let item = inbound.next() {
            switch item {
            case .message(let message):
                try handle(message, now: now)
            case .failure(let error):
                // A type this build does not know is a later relay's notification: skipped.
                if case .unknownType = error.problem { continue }
                note("undecodable frame from the relay: \(error)")
            case .classified, .line, .lineTooLong:
                continue
            }
        }
    }

    private func handle(_ message: RelayMessage, now: UInt64) throws(SoakError) {
        switch message {
        case .welcome(let welcome):
            givenNick = welcome.nick
            resumeToken = welcome.resumeToken
            if epoch != 0 && welcome.epoch != epoch {
                note("the relay's history epoch changed (it restarted?): the lobby cursor #\(lastSeenID) means nothing now")
            }
            epoch = welcome.epoch
        case .entered(let entered):
            guard RoomName.folded(entered.room) == RoomName.folded(RoomName.lobby) else {
                note("entered \(entered.room), never asked for")
                return
            }
            phase = .joined
            if lastSeenID > 0 && entered.resume != .complete {
                note("resumed after #\(lastSeenID) with \(entered.resume) (\(entered.missed) missed), \(entered.room) at #\(entered.lastID)")
            }
        case .chat(let chat):
            guard !chat.isPrivate, RoomName.folded(chat.to.name) == RoomName.folded(RoomName.lobby) else {
                note("a chat to \(chat.to), outside \(RoomName.lobby)")
                return
            }
            chatsReceived += 1
            countsBySender?[chat.from, default: 0] += 1
            if chat.id == expectedNext {
                expectedNext += 1
            } else if chat.id < expectedNext {
                note("chat #\(chat.id) again (expected #\(expectedNext))")
            } else {
                note("chats #\(expectedNext)–#\(chat.id - 1) never arrived")
                expectedNext = chat.id + 1
            }
            if chat.from == givenNick, let sentAt = outstanding.removeValue(forKey: chat.request) {
                accepted += 1
                if latencies.count < 20_000 { latencies.append(now > sentAt ? now - sentAt : 0) }
            }
        case .error(let report):
            if outstanding.removeValue(forKey: report.request) != nil {
                refused += 1
                note("submission \(report.request) refused: \(report.code)")
            } else if report.request == helloRequest {
                note("HELLO refused: \(report.code)")
            }
        case .ping(let token):
            let pong = ClientMessage.pong(token).encoded()
            if kind == .tcp { try socket?.send(pong) } else { try perform(link?.send(frame: pong, now: now) ?? []) }
        case .bye(let reason):
            note("the relay said BYE: \(reason)")
        default:
            break
        }
    }

    private func receiveLines(_ bytes: [UInt8]) {
        for byte in bytes {
            guard byte == 0x0A else {
                if partial.count < 8192 { partial.append(byte) }
                continue
            }
            if partial.first == UInt8(ascii: "[") { chatLines += 1 }
            if partial.starts(with: Array("* Welcome".utf8)) { phase = .joined }
            partial.removeAll(keepingCapacity: true)
        }
    }

    /// Records a problem (the first few verbatim, all of them counted).
    func note(_ problem: String) {
        anomalyCount += 1
        if anomalies.count < 5 { anomalies.append("\(nick) (\(kind)): \(problem)") }
    }
}
