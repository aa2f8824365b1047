@testable import ParleyWire

/// Values of every message type in both directions, with awkward content: CJK, emoji,
/// multi-line text, limits, extreme ids, unknown capability and error codes.
enum Samples {
    static let clientMessages: [ClientMessage] = [
        .hello(Hello(request: 1, nick: "alice", history: 50)),
        .hello(
            Hello(
                request: .max, capabilities: Capabilities(rawValue: 0xFFFF_FFFF), nick: "", epoch: .max,
                privateAfter: 0xFFFF_FFFF_FFFF_FFFE, history: Hello.allHistory, resumeToken: 1,
                rooms: (0..<Limits.maxRoomsPerPeer).map { RoomCursor(room: "#room\($0)", after: UInt64($0)) }
            )
        ),
        .submit(Submit(request: 1, kind: .text, to: .room("#lobby"), text: "hello, 世界 👋")),
        .submit(Submit(request: .max, kind: .action, to: .user("bob"), text: "waves\nand smiles")),
        .submit(Submit(request: 9, to: .room("#" + String(repeating: "x", count: 31)), text: String(repeating: "x", count: Limits.maxTextBytes))),
        .nick(NickChange(request: 2, nick: "Alice_2")),
        .join(Join(request: 3, room: "#Dev", after: 1234, history: 0)),
        .part(Part(request: 4, room: "#dev", reason: "")),
        .part(Part(request: 5, room: "#dev", reason: "off to lunch 🍜")),
        .who(Who(request: 6, room: "#lobby")),
        .list(ListRooms(request: 7)),
        .topic(TopicRequest(request: 8, room: "#dev")),
        .topic(TopicRequest(request: 9, room: "#dev", newTopic: "")),
        .topic(TopicRequest(request: 10, room: "#dev", newTopic: String(repeating: "t", count: Limits.maxTopicBytes))),
        .ping(0xDEAD_BEEF),
        .pong(0),
        .bye("gone fishing 🎣"),
    ]

    static let relayMessages: [RelayMessage] = [
        .welcome(Welcome(request: 1, nick: "alice", epoch: 7, time: 1_795_000_000_000, resumeToken: 3)),
        .welcome(
            Welcome(
                request: .max, capabilities: Capabilities(rawValue: 0x8000_0001), nick: String(repeating: "n", count: 32),
                epoch: .max, time: 0, resumeToken: .max, privateLastID: .max, privateReplayCount: .max, roomCount: 32
            )
        ),
        .entered(Entered(request: 1, room: "#lobby")),
        .entered(
            Entered(
                request: 2, room: "#Dev", topic: "多言語 topic", lastID: .max, resume: .gap, missed: 12, replayCount: 50,
                members: .max
            )
        ),
        .entered(Entered(request: 3, room: "#ops", lastID: 9000, resume: .more, missed: 40, replayCount: 4000, members: 3)),
        .chat(Chat(id: 42, time: 1_795_000_000_123, kind: .text, from: "alice", to: .room("#lobby"), request: 7, text: "hi")),
        .chat(Chat(id: .max, time: 0, kind: .action, from: "b.o-b_", to: .user("carol"), request: 0, text: "")),
        .renamed(Renamed(request: 4, old: "alice", new: "Alice", time: 5)),
        .renamed(Renamed(old: "bob", new: "robert", time: 6)),
        .joined(Joined(room: "#dev", nick: "bob", transport: .udp, time: 6)),
        .joined(Joined(room: "#lobby", nick: "nc", transport: .line, time: 7)),
        .left(Left(room: "#lobby", nick: "bob", reason: .slowConsumer, detail: "queue over 1 MiB", time: 7)),
        .left(Left(room: "#dev", nick: "carol", reason: .part, detail: "", time: 8)),
        .roster(
            Roster(
                request: 6, room: "#dev", isFinal: false,
                entries: [RosterEntry(nick: "a", transport: .tcp), RosterEntry(nick: "b", transport: .line)]
            )
        ),
        .roster(Roster(request: 0, room: "#lobby", isFinal: true, entries: [])),
        .rooms(RoomList(request: 7, isFinal: false, entries: [RoomSummary(room: "#a", members: 0, topic: "ünïcödé")])),
        .rooms(
            RoomList(
                request: 7, isFinal: true,
                entries: (0..<Limits.maxRoomsPerFrame).map { RoomSummary(room: "#r\($0)", members: UInt32($0)) }
            )
        ),
        .topic(Topic(request: 8, room: "#dev", text: "", setBy: "", time: 0)),
        .topic(Topic(request: 0, room: "#dev", text: "ship v2\nthen rest", setBy: "Alice", time: 9)),
        .error(ErrorReport(request: 3, code: .rateLimited, text: "slow down: 5 messages per second")),
        .error(ErrorReport(request: 0, code: ErrorCode(rawValue: 999), text: "")),
        .notice("history gap: 12 messages are no longer kept"),
        .done(4),
        .ping(0xDEAD_BEEF),
        .pong(0),
        .bye("gone fishing 🎣"),
    ]

    /// A deterministic generator, so every seeded test repeats exactly.
    typealias SplitMix64 = ParleyWire.SplitMix64
}
