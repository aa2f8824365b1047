@testable import ParleyWire

/// One value of every message type, with awkward content: CJK, emoji, multi-line, limits.
enum Samples {
    static let messages: [Message] = [
        .hello(Hello(nick: "alice", resumeAfter: 0, history: 50)),
        .hello(Hello(nick: "", resumeAfter: 0xFFFF_FFFF_FFFF_FFFE, history: Hello.defaultHistory)),
        .welcome(Welcome(nick: "alice", lastID: 41, time: 1_795_000_000_000, resume: .gap, replayCount: 7)),
        .submit(Submit(key: 1, kind: .text, target: "", text: "hello, 世界 👋")),
        .submit(Submit(key: .max, kind: .action, target: "bob", text: "waves\nand smiles")),
        .submit(Submit(key: 9, text: String(repeating: "x", count: Limits.maxTextBytes))),
        .chat(Chat(id: 42, time: 1_795_000_000_123, kind: .text, from: "alice", target: "", key: 7, text: "hi")),
        .chat(Chat(id: .max, time: 0, kind: .action, from: "b.o-b_", target: "carol", key: 0, text: "")),
        .nick("Alice_2"),
        .renamed(Renamed(old: "alice", new: "Alice", time: 5)),
        .joined(Joined(nick: "bob", transport: .udp, time: 6)),
        .left(Left(nick: "bob", reason: .slowConsumer, detail: "queue over 1 MiB", time: 7)),
        .who,
        .roster(Roster(isFinal: false, entries: [RosterEntry(nick: "a", transport: .tcp), RosterEntry(nick: "b", transport: .line)])),
        .roster(Roster(isFinal: true, entries: [])),
        .error(ErrorReport(code: .rateLimited, key: 3, text: "slow down: 5 messages per second")),
        .notice("history gap: 12 messages are no longer kept"),
        .ping(0xDEAD_BEEF),
        .pong(0),
        .bye("gone fishing 🎣"),
    ]

    /// A deterministic generator, so every seeded test repeats exactly.
    typealias SplitMix64 = ParleyWire.SplitMix64
}
