import ParleyWire

@testable import ParleyClientCore

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
    mutating func receive(_ message: Message) -> [ClientEffect] { machine.handle(.received(message, now: now)) }

    @discardableResult
    mutating func advance(by milliseconds: UInt64) -> [ClientEffect] {
        now += milliseconds
        return machine.handle(.tick(now: now))
    }

    /// Start, transport up, WELCOME (with `replay` following it); returns the effects of the whole exchange.
    @discardableResult
    mutating func connect(
        lastID: UInt64 = 0, resume: ResumeStatus = .fresh, replay: [Chat] = [], assignedNick: String? = nil
    ) -> [ClientEffect] {
        var effects: [ClientEffect] = []
        if case .idle = machine.link { effects += handle(.start(now: now)) }
        effects += handle(.transportUp(now: now))
        let welcome = Welcome(
            nick: assignedNick ?? machine.nick, lastID: lastID, time: now, resume: resume, replayCount: UInt32(replay.count))
        effects += receive(.welcome(welcome))
        for chat in replay { effects += receive(.chat(chat)) }
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
}

extension [ClientEffect] {
    /// The messages the shell was asked to send.
    var sent: [Message] {
        compactMap { if case .send(let message) = $0 { return message } else { return nil } }
    }

    /// The SUBMITs the shell was asked to send.
    var submits: [Submit] {
        sent.compactMap { if case .submit(let submit) = $0 { return submit } else { return nil } }
    }

    /// The lines appended to the scrollback.
    var appended: [ScrollbackEntry] {
        compactMap { if case .append(let entry) = $0 { return entry } else { return nil } }
    }

    /// The lines updated in the scrollback.
    var updated: [ScrollbackEntry] {
        compactMap { if case .update(let entry) = $0 { return entry } else { return nil } }
    }

    /// The texts of appended lines.
    var appendedTexts: [String] { appended.map(\.text) }
}

func chat(_ id: UInt64, from: String, _ text: String, key: UInt64 = 0, target: String = "", kind: MessageKind = .text) -> Chat {
    Chat(id: id, time: 1_700_000_000_000 + id, kind: kind, from: from, target: target, key: key, text: text)
}
