import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreChatTests {
    @Test func everyPeerOnEveryTransportSeesOneOrderAndTheSenderGetsItsEcho() {
        var relay = RelayHarness()
        let tcp = relay.framedClient("tcp")
        let udp = relay.linkClient("udp")
        let line = relay.lineClient(typing: "/nick liner")
        for id in [tcp, udp, line] { _ = relay.take(id) }
        relay.submit(tcp, key: 7, "one")
        relay.submit(udp, key: 9, "two")
        relay.type(line, "three")
        relay.submit(tcp, key: 8, "four", kind: .action)

        let expected: [(UInt64, String, String, UInt64)] = [(1, "tcp", "one", 7), (2, "udp", "two", 9), (3, "liner", "three", 0), (4, "tcp", "four", 8)]
        for id in [tcp, udp] {
            let chats = relay.chats(id)
            #expect(chats.map(\.id) == expected.map(\.0))
            #expect(chats.map(\.from) == expected.map(\.1))
            #expect(chats.map(\.text) == expected.map(\.2))
            #expect(chats.map(\.request) == expected.map(\.3))
            #expect(chats.allSatisfy { $0.time == relay.now })
        }
        // A line client does not get its own line back: its terminal shows what it typed.
        #expect(relay.chats(line).map(\.id) == [1, 2, 4])
        #expect(relay.chats(tcp).last?.kind == .action)
        #expect(relay.core.statistics(now: relay.now).messagesIn == 4)
    }

    @Test func senderNickIsStampedByTheRelay() {
        var relay = RelayHarness()
        let mallory = relay.framedClient("mallory")
        relay.submit(mallory, key: 1, "<alice> hi")
        #expect(relay.chats(mallory).first?.from == "mallory")
    }

    @Test func resubmittedKeyIsNotBroadcastTwiceButEchoedAgain() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.submit(alice, key: 42, "once")
        _ = relay.take(alice)
        _ = relay.take(bob)
        // alice lost our echo, reconnects and resubmits with the same key.
        relay.run(.disconnected(alice, reason: .error, now: relay.now))
        let again = relay.framedClient("alice", resumeAfter: 0, history: 0)
        _ = relay.take(again)
        _ = relay.take(bob)
        relay.submit(again, key: 42, "once")
        #expect(relay.take(again) == [.chat(Chat(id: 1, time: relay.now, from: "alice", request: 42, text: "once"))])
        #expect(relay.take(bob).isEmpty)
        #expect(relay.lastID == 1)
    }

    /// How far the relay got with a client's SUBMITs in flight when its connection dropped.
    enum Acceptance: CaseIterable {
        /// Accepted and delivered, by a relay without a store.
        case inMemory
        /// Accepted, committed to the store and delivered.
        case stored
        /// Accepted, and waiting for the store to commit them.
        case beingStored
    }

    /// PROTOCOL.md §3.2: a client has at most `Limits.maxSubmitsInFlight` SUBMITs unanswered, and
    /// the relay remembers at least as many keys per nick, so re-sending all of them after a
    /// reconnect delivers none twice, even when the relay had accepted every one.
    @Test(arguments: Acceptance.allCases)
    func resendingEverySubmitInFlightAfterAReconnectDeliversNoneTwice(_ acceptance: Acceptance) throws {
        #expect(RelaySettings().recentKeysPerNick >= Limits.maxSubmitsInFlight)
        var relay = RelayHarness(RelaySettings(durable: acceptance != .inMemory, rate: 0))
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.commitStore()
        let token = try #require(relay.welcome(alice)?.resumeToken)
        // Messages answered long ago, whose keys the newer ones push out of the ledger.
        let answered = 1...UInt64(40)
        for key in answered { relay.submit(alice, key: key, "m\(key)") }
        relay.commitStore()
        _ = relay.take(alice)
        _ = relay.take(bob)
        // A paste: as many as may be in flight, all accepted; the connection drops before alice
        // reads a single echo.
        let inFlight = 41...UInt64(40 + Limits.maxSubmitsInFlight)
        for key in inFlight { relay.submit(alice, key: key, "m\(key)") }
        if acceptance == .stored { relay.commitStore() }
        relay.run(.disconnected(alice, reason: .error, now: relay.now))

        let again = relay.framedClient("alice", history: 0, token: token)
        _ = relay.take(again)
        for key in inFlight { relay.submit(again, key: key, "m\(key)") }
        relay.commitStore()
        // Each was delivered once, and alice has every echo, in order, with its original id.
        #expect(relay.chats(bob).map(\.request) == Array(inFlight))
        #expect(relay.chats(again).map(\.request) == Array(inFlight))
        #expect(relay.chats(again).map(\.id) == Array(inFlight))
        #expect(relay.lastID == inFlight.upperBound)
    }

    @Test func resubmissionOlderThanTheHistoryIsStillAcknowledged() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 2, rate: 0))
        let alice = relay.framedClient("alice")
        for key in 1...5 { relay.submit(alice, key: UInt64(key), "m\(key)") }
        _ = relay.take(alice)
        relay.submit(alice, key: 1, "m1")
        let echo = relay.chats(alice)
        #expect(echo.map(\.id) == [1])
        #expect(echo.first?.text == "m1")
        #expect(relay.lastID == 5)
    }

    @Test func keysAreRememberedPerNick() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.submit(alice, key: 1, "from alice")
        relay.submit(bob, key: 1, "from bob")
        #expect(relay.lastID == 2)
    }

    @Test func privateMessageGoesToRecipientAndSenderOnly() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        let carol = relay.framedClient("carol")
        for id in [alice, bob, carol] { _ = relay.take(id) }
        relay.submit(alice, key: 5, "psst", to: "BOB")
        let chat = Chat(id: 1, time: relay.now, from: "alice", to: .user("bob"), request: 5, text: "psst")
        #expect(relay.take(bob) == [.chat(chat)])
        #expect(relay.take(alice) == [.chat(chat)])
        #expect(relay.take(carol).isEmpty)
    }

    @Test func privateMessageToNobodyIsRefusedWithItsKey() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.submit(alice, key: 5, "psst", to: "ghost")
        #expect(relay.errors(alice).map(\.code) == [.noSuchNick])
        #expect(relay.errors(alice).map(\.request) == [5])
        #expect(relay.lastID == 0)
    }

    @Test func emptyTextIsRefused() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.submit(alice, key: 3, "")
        #expect(relay.errors(alice).map(\.code) == [.emptyText])
        #expect(relay.errors(alice).map(\.request) == [3])
    }

    @Test func overlongTextIsATypedErrorAndTheConnectionStays() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        var body = ByteWriter()
        body.write(UInt64(1))
        body.write(MessageKind.text.rawValue)
        body.write(UInt8(1))
        body.writeString8(RoomName.lobby)
        body.writeString16(String(repeating: "a", count: Limits.maxTextBytes + 1))
        var frame = ByteWriter()
        frame.write(UInt32(body.bytes.count))
        frame.write(ClientMessage.Kind.submit.rawValue)
        frame.write(contentsOf: body.bytes)
        relay.send(alice, frame.bytes)
        #expect(relay.errors(alice).map(\.code) == [.textTooLong])
        #expect(relay.closed.isEmpty)
        relay.submit(alice, key: 2, "fine")
        #expect(relay.chats(alice).count == 1)
    }

    @Test func nickChangeIsAnnouncedToEveryone() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        _ = relay.take(alice)
        _ = relay.take(bob)
        relay.send(alice, .nick(NickChange(request: 1, nick: "Alicia")))
        let renamed = Renamed(old: "alice", new: "Alicia", time: relay.now)
        var own = renamed
        own.request = 1
        #expect(relay.take(alice) == [.renamed(own)])
        #expect(relay.take(bob) == [.renamed(renamed)])
        relay.submit(alice, key: 1, "hi")
        #expect(relay.chats(bob).first?.from == "Alicia")
    }

    @Test func nickChangeRulesAreTypedErrors() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        _ = relay.framedClient("bob")
        _ = relay.take(alice)
        relay.send(alice, .nick(NickChange(request: 1, nick: "BOB")))
        relay.send(alice, .nick(NickChange(request: 1, nick: "no spaces")))
        #expect(relay.errors(alice).map(\.code) == [.nickInUse, .invalidNick])
        relay.send(alice, .nick(NickChange(request: 1, nick: "ALICE")))  // a change of case only is allowed
        #expect(relay.core.nick(of: alice) == "ALICE")
    }

    @Test func whoAnswersWithTheRoster() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        _ = relay.lineClient(typing: "/nick typist")
        _ = relay.take(alice)
        relay.send(alice, .who(Who(request: 1, room: RoomName.lobby)))
        guard case .roster(let roster) = relay.take(alice).first else {
            Issue.record("no ROSTER")
            return
        }
        let entries = roster.entries.sorted { $0.nick < $1.nick }
        #expect(entries == [RosterEntry(nick: "alice", transport: .tcp), RosterEntry(nick: "typist", transport: .line)])
    }

    @Test func clientFramesThatOnlyTheRelaySendsAreRefused() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.send(alice, RelayMessage.done(5).encoded())  // OK: a relay's message, unknown as a request
        relay.send(alice, .hello(Hello(request: 3, nick: "again")))
        #expect(relay.errors(alice).map(\.code) == [.unknownRequest, .protocolViolation])
        #expect(relay.errors(alice).map(\.request) == [5, 3])
        #expect(relay.closed.isEmpty)
    }

    @Test func pingIsAnsweredWithPong() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        _ = relay.take(alice)
        relay.send(alice, .ping(99))
        #expect(relay.take(alice) == [.pong(99)])
    }

    @Test func byeLeavesWithItsReason() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        _ = relay.take(bob)
        relay.send(alice, .bye("dinner"))
        #expect(relay.take(bob) == [.left(Left(nick: "alice", reason: .quit, detail: "dinner", time: relay.now))])
        #expect(relay.closed == [alice])
        #expect(relay.logs.contains(.left(alice, nick: "alice", reason: .quit, detail: "dinner")))
    }
}
