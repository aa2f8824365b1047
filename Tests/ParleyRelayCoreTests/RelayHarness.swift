import ParleyWire
import Testing

@testable import ParleyRelayCore

/// Drives a `RelayCore` with scripted events and resolves its actions into what each peer receives.
struct RelayHarness {
    var core: RelayCore
    var now: UInt64 = 1_700_000_000_000
    /// Messages received by each peer, in order (line clients: the messages, before formatting).
    var inbox: [PeerID: [Message]] = [:]
    var identified: [PeerID: Transport] = [:]
    var closed: [PeerID] = []
    var aborted: [PeerID] = []
    var logs: [RelayLogEvent] = []
    var reports: [RelayStatistics] = []
    private var nextID: UInt64 = 1

    init(_ settings: RelaySettings = RelaySettings()) {
        core = RelayCore(settings: settings)
    }

    @discardableResult
    mutating func run(_ event: RelayEvent) -> [RelayAction] {
        let actions = core.handle(event)
        for action in actions {
            switch action {
            case .identify(let id, let transport): identified[id] = transport
            case .send(let message, let id): inbox[id, default: []].append(message)
            case .broadcast(let message, let except):
                for id in core.room where id != except { inbox[id, default: []].append(message) }
            case .close(let id): closed.append(id)
            case .abort(let id): aborted.append(id)
            case .log(let event): logs.append(event)
            case .report(let stats): reports.append(stats)
            }
        }
        return actions
    }

    mutating func advance(_ milliseconds: UInt64) {
        now += milliseconds
        run(.tick(now: now))
    }

    /// A different address for every client unless a test says otherwise.
    static func address(of id: PeerID) -> String { "client-\(id.rawValue)" }

    mutating func newID() -> PeerID {
        defer { nextID += 1 }
        return PeerID(nextID)
    }

    /// A framed TCP client: connects, sends its preamble and HELLO.
    mutating func framedClient(
        _ nick: String, resumeAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, token: UInt64 = 0, from address: String? = nil
    ) -> PeerID {
        let id = newID()
        run(.streamOpened(id, from: address ?? Self.address(of: id), now: now))
        let hello = Hello(nick: nick, resumeAfter: resumeAfter, history: history, resumeToken: token)
        send(id, Preamble.bytes + Message.hello(hello).encoded())
        return id
    }

    /// A UDP client whose link session just opened.
    mutating func linkClient(_ nick: String, resumeAfter: UInt64 = 0, token: UInt64 = 0, from address: String? = nil) -> PeerID {
        let id = newID()
        run(.linkOpened(id, from: address ?? Self.address(of: id), now: now))
        run(.linkFrame(id, Message.hello(Hello(nick: nick, resumeAfter: resumeAfter, resumeToken: token)).encoded(), now: now))
        return id
    }

    /// A line client (nc) that types `firstLine`.
    mutating func lineClient(typing firstLine: String = "", from address: String? = nil) -> PeerID {
        let id = newID()
        run(.streamOpened(id, from: address ?? Self.address(of: id), now: now))
        if !firstLine.isEmpty { type(id, firstLine) }
        return id
    }

    mutating func send(_ id: PeerID, _ bytes: [UInt8]) {
        run(.streamBytes(id, bytes, now: now))
    }

    mutating func send(_ id: PeerID, _ message: Message) {
        if core.transport(of: id) == .udp {
            run(.linkFrame(id, message.encoded(), now: now))
        } else {
            send(id, message.encoded())
        }
    }

    mutating func submit(_ id: PeerID, key: UInt64, _ text: String, kind: MessageKind = .text, to target: String = "") {
        send(id, .submit(Submit(key: key, kind: kind, target: target, text: text)))
    }

    mutating func type(_ id: PeerID, _ line: String) {
        send(id, Array((line + "\n").utf8))
    }

    /// Empties and returns what `id` has received.
    mutating func take(_ id: PeerID) -> [Message] {
        defer { inbox[id] = [] }
        return inbox[id] ?? []
    }

    func chats(_ id: PeerID) -> [Chat] {
        (inbox[id] ?? []).compactMap { if case .chat(let chat) = $0 { return chat } else { return nil } }
    }

    func errors(_ id: PeerID) -> [ErrorReport] {
        (inbox[id] ?? []).compactMap { if case .error(let report) = $0 { return report } else { return nil } }
    }

    func welcome(_ id: PeerID) -> Welcome? {
        for message in inbox[id] ?? [] { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }
}
