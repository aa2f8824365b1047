@testable import ParleyWire

/// The value behind every test vector printed in PROTOCOL.md §9, by the name the document gives
/// it. `GoldenVectorTests` checks each one against the document byte for byte, both ways.
///
/// The values tell one story, so that a reader can follow the ids from vector to vector: alice
/// resumes into `#lobby` and `#dev`, chats, renames, and so on.
enum GoldenVectors {
    /// The history epoch in the examples: easy to spot in a hex dump.
    static let epoch: UInt64 = 0xE0E1_E2E3_E4E5_E6E7
    /// The resume token alice had from her last WELCOME.
    static let token: UInt64 = 0x0123_4567_89AB_CDEF
    /// The new token her resume's WELCOME gives her.
    static let newToken: UInt64 = 0xFEDC_BA98_7654_3210
    /// 2026-11-18T11:06:40Z, the relay's clock in the examples.
    static let time: UInt64 = 1_795_000_000_000

    /// Frames a client sends. PING, PONG and BYE look the same in both directions: their
    /// vectors are listed in both tables and checked against both decoders.
    static let clientFrames: [String: ClientMessage] = [
        "hello": .hello(Hello(request: 1, capabilities: [], nick: "alice", history: 50)),
        "hello-resume": .hello(
            Hello(
                request: 0x100, capabilities: [], nick: "alice", epoch: epoch, privateAfter: 17, history: Hello.defaultHistory,
                resumeToken: token, rooms: [RoomCursor(room: "#lobby", after: 1234), RoomCursor(room: "#dev", after: 40)]
            )
        ),
        "submit": .submit(Submit(request: 0x101, kind: .text, to: .room("#lobby"), text: "hi 世界")),
        "submit-action": .submit(Submit(request: 0x102, kind: .action, to: .room("#dev"), text: "waves")),
        "submit-private": .submit(Submit(request: 0x103, kind: .text, to: .user("bob"), text: "psst")),
        "nick": .nick(NickChange(request: 0x104, nick: "Alice")),
        "join": .join(Join(request: 0x105, room: "#ops", after: 0, history: Hello.defaultHistory)),
        "part": .part(Part(request: 0x106, room: "#ops", reason: "lunch")),
        "who": .who(Who(request: 0x107, room: "#dev")),
        "list": .list(ListRooms(request: 0x108)),
        "topic-read": .topic(TopicRequest(request: 0x109, room: "#dev")),
        "topic-set": .topic(TopicRequest(request: 0x10A, room: "#dev", newTopic: "ship v2")),
        "ping": .ping(1),
        "pong": .pong(1),
        "bye": .bye("later"),
    ]

    /// Frames the relay sends.
    static let relayFrames: [String: RelayMessage] = [
        "welcome": .welcome(
            Welcome(
                request: 0x100, nick: "alice", epoch: epoch, time: time, resumeToken: newToken, privateLastID: 18,
                privateReplayCount: 1, roomCount: 2
            )
        ),
        "entered": .entered(
            Entered(request: 0x100, room: "#lobby", lastID: 1236, resume: .complete, replayCount: 2, members: 3)
        ),
        "entered-gap": .entered(
            Entered(
                request: 0x100, room: "#dev", topic: "ship v2", lastID: 1500, resume: .gap, missed: 460, replayCount: 1000,
                members: 2
            )
        ),
        "chat": .chat(
            Chat(id: 1237, time: time + 500, kind: .text, from: "alice", to: .room("#lobby"), request: 0x101, text: "hi 世界")
        ),
        "chat-private": .chat(
            Chat(id: 19, time: time + 550, kind: .text, from: "alice", to: .user("bob"), request: 0x103, text: "psst")
        ),
        "renamed": .renamed(Renamed(request: 0x104, old: "alice", new: "Alice", time: time + 600)),
        "joined": .joined(Joined(room: "#lobby", nick: "bob", transport: .udp, time: time + 700)),
        "left": .left(Left(room: "#lobby", nick: "bob", reason: .quit, detail: "bye", time: time + 800)),
        "left-part": .left(Left(room: "#ops", nick: "Alice", reason: .part, detail: "lunch", time: time + 850)),
        "roster": .roster(
            Roster(
                request: 0, room: "#lobby", isFinal: true,
                entries: [RosterEntry(nick: "alice", transport: .tcp), RosterEntry(nick: "bob", transport: .udp)]
            )
        ),
        "rooms": .rooms(
            RoomList(
                request: 0x108, isFinal: true,
                entries: [RoomSummary(room: "#dev", members: 2, topic: "ship v2"), RoomSummary(room: "#lobby", members: 3)]
            )
        ),
        "topic": .topic(Topic(request: 0x10A, room: "#dev", text: "ship v2", setBy: "Alice", time: time + 900)),
        "error": .error(ErrorReport(request: 0x102, code: .rateLimited, text: "rate limited")),
        "notice": .notice("restarting"),
        "ok": .done(0x106),
        "ping": .ping(1),
        "pong": .pong(1),
        "bye": .bye("later"),
    ]

    /// Bytes that are neither a v2 frame nor a datagram, with what they must equal.
    static let other: [String: [UInt8]] = [
        "preamble": Preamble.bytes,
        "legacy-refusal": LegacyRefusal.frame,
    ]

    /// UDP link datagrams (unchanged from version 1).
    static let datagrams: [String: Datagram] = [
        "udp-init": .initiate(nonce: 0x0102_0304_0506_0708),
        "udp-cookie": .cookie(nonce: 0x0102_0304_0506_0708, cookie: Cookie(issued: 1000, mac: 0xA1A2_A3A4_A5A6_A7A8)),
        "udp-connect": .connect(
            nonce: 0x0102_0304_0506_0708, cookie: Cookie(issued: 1000, mac: 0xA1A2_A3A4_A5A6_A7A8), resumeSession: 0
        ),
        "udp-accept": .accept(nonce: 0x0102_0304_0506_0708, session: 0x1122_3344_5566_7788),
        "udp-data": .data(
            DataSegment(
                session: 0x1122_3344_5566_7788, sequence: 1, ack: Acknowledgement(cumulative: 0, selective: 0),
                fragmentIndex: 0, fragmentCount: 1, payload: ClientMessage.ping(1).encoded()
            )
        ),
        "udp-ack": .ack(session: 0x1122_3344_5566_7788, ack: Acknowledgement(cumulative: 5, selective: 0b101)),
        "udp-close": .close(session: 0x1122_3344_5566_7788, reason: 1),
        "udp-reset": .reset(session: 0x1122_3344_5566_7788),
    ]

    /// Every name the document must hold.
    static var allNames: Set<String> {
        Set(clientFrames.keys).union(relayFrames.keys).union(other.keys).union(datagrams.keys)
    }
}
