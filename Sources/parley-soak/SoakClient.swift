import ParleyLink
import ParleyWire

/// One simulated chat user: a framed TCP client, a UDP link client or a line client, with
/// everything the soak checks at the end (ids in order, echoes, resumes).
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
    private var decoder = FrameDecoder(expectsPreamble: true)
    private var link: LinkClient?
    private var partial: [UInt8] = []
    private(set) var givenNick: String
    /// The relay's resume token from the last WELCOME, sent back when resuming.
    private var resumeToken: UInt64 = 0

    // What the checks need.
    /// The next chat id this client must receive (every id, in order, across reconnections).
    private(set) var expectedNext: UInt64 = 1
    private(set) var anomalies: [String] = []
    private(set) var anomalyCount = 0
    private(set) var chatsReceived: UInt64 = 0
    /// Submissions not yet echoed: key → send time (ns).
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
    private var nextKey: UInt64 = 1

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
    var lastSeenID: UInt64 { expectedNext - 1 }

    // MARK: Joining and leaving

    /// Connects and introduces itself, resuming after the last id it saw (if any).
    func join(port: Int, now: UInt64) throws(SoakError) {
        sessions += 1
        let resumeAfter = lastSeenID
        if resumeAfter > 0 { resumes += 1 }
        let hello = Message.hello(
            Hello(nick: nick, resumeAfter: resumeAfter, history: resumeAfter > 0 ? Hello.defaultHistory : 0, resumeToken: resumeToken))
        phase = .joining
        switch kind {
        case .tcp:
            let socket = try SoakSocket.tcp(port: port)
            self.socket = socket
            decoder = FrameDecoder(expectsPreamble: true)
            try socket.send(Preamble.bytes + hello.encoded())
        case .udp:
            let socket = try SoakSocket.udp(port: port)
            self.socket = socket
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
        case .tcp where !abruptly: try? socket?.send(Message.bye("back soon").encoded(), timeout: 0.5)
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
            let key = nextKey
            nextKey += 1
            outstanding[key] = now
            let frame = Message.submit(Submit(key: key, text: text)).encoded()
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
                decoder.append(bytes)
                while true {
                    let message: Message?
                    do throws(WireError) {
                        message = try decoder.next()
                    } catch {
                        note("undecodable frame from the relay: \(error)")
                        continue
                    }
                    guard let message else { break }
                    try handle(message, now: now)
                }
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
                let message: Message
                do throws(WireError) {
                    message = try Message.decode(frame: frame)
                } catch {
                    note("undecodable frame over UDP: \(error)")
                    continue
                }
                try handle(message, now: SoakClock.nanoseconds())
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

    private func handle(_ message: Message, now: UInt64) throws(SoakError) {
        switch message {
        case .welcome(let welcome):
            phase = .joined
            givenNick = welcome.nick
            resumeToken = welcome.resumeToken
            if lastSeenID > 0 && welcome.resume != .complete {
                note("resumed after #\(lastSeenID) with \(welcome.resume), relay at #\(welcome.lastID)")
            }
        case .chat(let chat):
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
            if chat.from == givenNick, let sentAt = outstanding.removeValue(forKey: chat.key) {
                accepted += 1
                if latencies.count < 20_000 { latencies.append(now > sentAt ? now - sentAt : 0) }
            }
        case .error(let report):
            if outstanding.removeValue(forKey: report.key) != nil {
                refused += 1
                note("submission \(report.key) refused: \(report.code) \(report.text)")
            }
        case .ping(let token):
            let pong = Message.pong(token).encoded()
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
