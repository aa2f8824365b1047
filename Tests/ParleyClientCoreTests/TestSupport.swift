import ParleyWire

@testable import ParleyClientCore

/// One room in a scripted WELCOME: its ENTERED, the history replayed after it, and its roster.
struct RoomEntry {
    var entered: Entered
    var replay: [Chat]
    var roster: [RosterEntry]?

    init(
        _ room: String = RoomName.lobby, lastID: UInt64 = 0, resume: ResumeStatus = .fresh, missed: UInt64 = 0,
        topic: String = "", replay: [Chat] = [], roster: [RosterEntry]? = nil
    ) {
        entered = Entered(
            room: room, topic: topic, lastID: lastID, resume: resume, missed: missed, replayCount: UInt32(replay.count),
            members: UInt32(roster?.count ?? 1))
        self.replay = replay
        self.roster = roster
    }
}

/// Drives a `ClientStateMachine` through scenarios with a hand-moved clock.
struct Harness {
    var machine: ClientStateMachine
    var now: UInt64 = 1_700_000_000_000

    init(nick: String = "alice", configure: (inout ClientConfiguration) -> Void = { _ in }) {
        var configuration = ClientConfiguration(nick: nick, seed: 42)
        configure(&configuration)
        machine = ClientStateMachine(configuration: configuration)
    }

    @discardableResult
    mutating func handle(_ event: ClientEvent) -> [ClientEffect] { machine.handle(event) }

    @discardableResult
    mutating func type(_ line: String) -> [ClientEffect] { machine.handle(.input(line, now: now)) }

    @discardableResult
    mutating func receive(_ message: RelayMessage) -> [ClientEffect] { machine.handle(.received(message, now: now)) }

    @discardableResult
    mutating func receive(_ messages: [RelayMessage]) -> [ClientEffect] { messages.flatMap { receive($0) } }

    @discardableResult
    mutating func select(_ selection: WindowSelection) -> [ClientEffect] {
        machine.handle(.selectWindow(selection, now: now))
    }

    @discardableResult
    mutating func advance(by milliseconds: UInt64) -> [ClientEffect] {
        now += milliseconds
        return machine.handle(.tick(now: now))
    }

    /// The HELLO the machine sent last (after `.transportUp`).
    var lastHello: Hello?

    /// Start (if idle), transport up, then the relay's whole answer to HELLO: WELCOME, the
    /// private replay, and for each room its ENTERED, replay and roster. Returns every effect.
    @discardableResult
    mutating func connect(
        epoch: UInt64 = 7, assignedNick: String? = nil, token: UInt64 = 0xA11CE, privateLastID: UInt64 = 0,
        privateReplay: [Chat] = [], rooms: [RoomEntry] = [RoomEntry()]
    ) -> [ClientEffect] {
        var effects: [ClientEffect] = []
        if case .idle = machine.link { effects += handle(.start(now: now)) }
        effects += handle(.transportUp(now: now))
        let hello = effects.hellos.last
        lastHello = hello
        let request = hello?.request ?? 0
        let welcome = Welcome(
            request: request, nick: assignedNick ?? machine.nick, epoch: epoch, time: now, resumeToken: token,
            privateLastID: privateLastID, privateReplayCount: UInt32(privateReplay.count), roomCount: UInt8(rooms.count))
        effects += receive(.welcome(welcome))
        effects += receive(privateReplay.map { .chat($0) })
        for room in rooms {
            var entered = room.entered
            entered.request = request
            effects += receive(.entered(entered))
            effects += receive(room.replay.map { .chat($0) })
            if let roster = room.roster { effects += receive(.roster(Roster(room: entered.room, entries: roster))) }
        }
        return effects
    }

    /// Drops the transport and waits out the backoff until the machine asks to connect again.
    @discardableResult
    mutating func dropAndWaitForReconnect(reason: String = "connection reset") -> [ClientEffect] {
        var effects = handle(.transportDown(reason: reason, now: now))
        guard let deadline = machine.nextDeadline else { return effects }
        now = deadline
        effects += handle(.tick(now: now))
        return effects
    }

    /// The window with this id.
    func window(_ id: WindowID) -> ChatWindow? { machine.windows[id] }

    /// The texts of a window's lines.
    func texts(in id: WindowID) -> [String] { machine.windows[id]?.scrollback.map(\.text) ?? [] }
}

extension [ClientEffect] {
    /// The messages the shell was asked to send.
    var sent: [ClientMessage] {
        compactMap { if case .send(let message) = $0 { return message } else { return nil } }
    }

    /// The HELLOs the shell was asked to send.
    var hellos: [Hello] {
        sent.compactMap { if case .hello(let hello) = $0 { return hello } else { return nil } }
    }

    /// The SUBMITs the shell was asked to send.
    var submits: [Submit] {
        sent.compactMap { if case .submit(let submit) = $0 { return submit } else { return nil } }
    }

    /// The lines appended, in any window.
    var appended: [ScrollbackEntry] {
        compactMap { if case .append(let entry, _) = $0 { return entry } else { return nil } }
    }

    /// The lines appended to one window.
    func appended(in window: WindowID) -> [ScrollbackEntry] {
        compactMap { if case .append(let entry, window) = $0 { return entry } else { return nil } }
    }

    /// The lines updated, in any window.
    var updated: [ScrollbackEntry] {
        compactMap { if case .update(let entry, _) = $0 { return entry } else { return nil } }
    }

    /// The texts of appended lines.
    var appendedTexts: [String] { appended.map(\.text) }
}

/// A message in a room (by default `#lobby`).
func chat(
    _ id: UInt64, from: String, _ text: String, room: String = RoomName.lobby, request: UInt64 = 0, kind: MessageKind = .text
) -> Chat {
    Chat(id: id, time: 1_700_000_000_000 + id, kind: kind, from: from, to: .room(room), request: request, text: text)
}

/// A private message.
func privateChat(_ id: UInt64, from: String, to: String, _ text: String, request: UInt64 = 0) -> Chat {
    Chat(id: id, time: 1_700_000_000_000 + id, from: from, to: .user(to), request: request, text: text)
}

let dev = WindowID.room("#dev")
let lobby = WindowID.lobby
