import ParleyStoreModel
import ParleyWire
import Testing

@testable import ParleyRelayCore

/// Drives a `RelayCore` with scripted events and resolves its actions into what each peer receives.
struct RelayHarness {
    var core: RelayCore
    var now: UInt64 = 1_700_000_000_000
    /// Messages received by each peer, in order (line clients: the messages, before formatting).
    var inbox: [PeerID: [RelayMessage]] = [:]
    /// Of those, the ones a line client was sent with their room shown (its current room is another).
    var shownWithRoom: [PeerID: [RelayMessage]] = [:]
    /// Raw bytes sent (refusals in v1's layout).
    var rawBytes: [PeerID: [UInt8]] = [:]
    var identified: [PeerID: Transport] = [:]
    var closed: [PeerID] = []
    var aborted: [PeerID] = []
    var logs: [RelayLogEvent] = []
    var reports: [RelayStatistics] = []
    /// Every store write the core asked for, in order, and the tickets not yet answered.
    var storeWrites: [StoreWrite] = []
    var uncommitted: [StoreTicket] = []
    private var nextID: UInt64 = 1

    init(_ settings: RelaySettings = RelaySettings()) {
        core = RelayCore(settings: settings)
    }

    /// A durable relay rebuilt from what a store kept.
    init(_ settings: RelaySettings, restoring snapshot: StoreSnapshot) {
        core = RelayCore(settings: settings, restoring: snapshot)
    }

    /// The store commits every write asked for so far.
    mutating func commitStore() {
        guard let last = uncommitted.last else { return }
        uncommitted.removeAll()
        run(.stored(through: last, now: now))
    }

    /// The store fails every write asked for so far.
    mutating func failStore(_ reason: String = "disk full") {
        guard let last = uncommitted.last else { return }
        uncommitted.removeAll()
        run(.storeFailed(through: last, reason: reason, now: now))
    }

    @discardableResult
    mutating func run(_ event: RelayEvent) -> [RelayAction] {
        let actions = core.handle(event)
        for action in actions {
            switch action {
            case .identify(let id, let transport): identified[id] = transport
            case .send(let message, let id): inbox[id, default: []].append(message)
            case .deliver(let message, let audience):
                for id in audience.recipients { inbox[id, default: []].append(message) }
                for id in audience.linesElsewhere where id != audience.except { shownWithRoom[id, default: []].append(message) }
            case .sendBytes(let bytes, let id): rawBytes[id, default: []] += bytes
            case .close(let id): closed.append(id)
            case .abort(let id): aborted.append(id)
            case .log(let event): logs.append(event)
            case .report(let stats): reports.append(stats)
            case .store(let write, let ticket):
                storeWrites.append(write)
                uncommitted.append(ticket)
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

    /// The HELLO a client sends: `resumeAfter` is its cursor in `#lobby` (this relay's epoch),
    /// `rooms` replaces the lobby with a list of cursors; it offers what this build supports
    /// unless `capabilities` says otherwise.
    func hello(
        _ nick: String, resumeAfter: UInt64 = 0, privateAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, token: UInt64 = 0,
        rooms: [RoomCursor]? = nil, capabilities: Capabilities = .supported
    ) -> Hello {
        let cursors = rooms ?? (resumeAfter == 0 ? [] : [RoomCursor(room: RoomName.lobby, after: resumeAfter)])
        return Hello(
            request: 1, capabilities: capabilities, nick: nick, epoch: core.epoch, privateAfter: privateAfter, history: history,
            resumeToken: token, rooms: cursors)
    }

    /// A framed TCP client: connects, sends its preamble and HELLO.
    mutating func framedClient(
        _ nick: String, resumeAfter: UInt64 = 0, privateAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, token: UInt64 = 0,
        rooms: [RoomCursor]? = nil, capabilities: Capabilities = .supported, from address: String? = nil
    ) -> PeerID {
        let id = newID()
        run(.streamOpened(id, from: address ?? Self.address(of: id), now: now))
        let hello = hello(
            nick, resumeAfter: resumeAfter, privateAfter: privateAfter, history: history, token: token, rooms: rooms, capabilities: capabilities)
        send(id, Preamble.bytes + ClientMessage.hello(hello).encoded())
        return id
    }

    /// A UDP client whose link session just opened.
    mutating func linkClient(
        _ nick: String, resumeAfter: UInt64 = 0, privateAfter: UInt64 = 0, token: UInt64 = 0, rooms: [RoomCursor]? = nil, from address: String? = nil
    ) -> PeerID {
        let id = newID()
        run(.linkOpened(id, from: address ?? Self.address(of: id), now: now))
        let hello = hello(nick, resumeAfter: resumeAfter, privateAfter: privateAfter, token: token, rooms: rooms)
        run(.linkFrame(id, ClientMessage.hello(hello).encoded(), now: now))
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

    mutating func send(_ id: PeerID, _ message: ClientMessage) {
        if core.transport(of: id) == .udp {
            run(.linkFrame(id, message.encoded(), now: now))
        } else {
            send(id, message.encoded())
        }
    }

    /// A SUBMIT: to `#lobby` by default, to a nick with `to`, to a room with `room`.
    mutating func submit(_ id: PeerID, key: UInt64, _ text: String, kind: MessageKind = .text, to target: String = "", room: String = RoomName.lobby) {
        let destination: Destination = target.isEmpty ? .room(room) : .user(target)
        send(id, .submit(Submit(request: key, kind: kind, to: destination, text: text)))
    }

    /// A request id for requests other than SUBMIT.
    mutating func join(_ id: PeerID, _ room: String, after: UInt64 = 0, request: UInt64 = 7) {
        send(id, .join(Join(request: request, room: room, after: after)))
    }

    mutating func part(_ id: PeerID, _ room: String, reason: String = "", request: UInt64 = 8) {
        send(id, .part(Part(request: request, room: room, reason: reason)))
    }

    mutating func type(_ id: PeerID, _ line: String) {
        send(id, Array((line + "\n").utf8))
    }

    /// Empties and returns what `id` has received.
    mutating func take(_ id: PeerID) -> [RelayMessage] {
        defer { inbox[id] = [] }
        return inbox[id] ?? []
    }

    func chats(_ id: PeerID) -> [Chat] {
        (inbox[id] ?? []).compactMap { if case .chat(let chat) = $0 { return chat } else { return nil } }
    }

    func errors(_ id: PeerID) -> [ErrorReport] {
        (inbox[id] ?? []).compactMap { if case .error(let report) = $0 { return report } else { return nil } }
    }

    /// Who is in `#lobby`.
    var lobby: [PeerID] { core.members(of: RoomName.lobby) }

    /// The newest id in `#lobby`.
    var lastID: UInt64 { core.lastID(in: RoomName.lobby) }

    func entered(_ id: PeerID) -> [Entered] {
        (inbox[id] ?? []).compactMap { if case .entered(let entered) = $0 { return entered } else { return nil } }
    }

    func welcome(_ id: PeerID) -> Welcome? {
        for message in inbox[id] ?? [] { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }
}
