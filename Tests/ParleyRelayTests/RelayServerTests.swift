import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// A relay on 127.0.0.1 with a free port, quiet logs and no stats line.
func startRelay(_ configure: (inout RelayConfiguration) -> Void = { _ in }) throws -> RelayServer {
    var configuration = RelayConfiguration(host: "127.0.0.1", port: 0, statsInterval: .zero, logLevel: .critical)
    configure(&configuration)
    let relay = RelayServer(configuration: configuration)
    try relay.start()
    return relay
}

let lobby = RoomName.lobby

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayServerTests {
    @Test func oneChatAcrossFramedUDPAndLineClients() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        let udp = try LinkPeer(port: relay.port, nick: "udpy")
        defer { try? udp.close() }
        #expect(try udp.waitUntil { udp.entered(lobby) != nil })
        let nc = try LinePeer(port: relay.port)
        try nc.type("/nick typist")
        #expect(try nc.waitUntil { nc.lines.contains { $0.contains("is now known as typist") } })
        let everyone: [any TestPeer] = [alice, bob, udp, nc]

        // Each message is accepted (its echo, or its arrival, is seen) before the next is sent,
        // so that the order is known.
        let first = try alice.say("hello from alice")
        #expect(try pump(everyone) { alice.chats.count == 1 })
        try udp.say("hello from udp")
        #expect(try pump(everyone) { alice.chats.count == 2 })
        try nc.type("hello from nc \u{1B}[31m")
        #expect(try pump(everyone) { alice.chats.count == 3 })
        try bob.say("hello from bob")

        let done = try pump(everyone) {
            alice.chats.count == 4 && bob.chats.count == 4 && udp.chats.count == 4 && nc.chatLines.count == 3
        }
        #expect(done)
        let order = alice.chats.map(\.text)
        #expect(order == ["hello from alice", "hello from udp", "hello from nc \u{1B}[31m", "hello from bob"])
        #expect(bob.chats.map(\.text) == order)
        #expect(udp.chats.map(\.text) == order)
        #expect(alice.chats.map(\.id) == [1, 2, 3, 4])
        #expect(alice.chats.map(\.from) == ["alice", "udpy", "typist", "bob"])
        #expect(alice.chats.allSatisfy { $0.to == .room(lobby) })
        #expect(alice.chats.first?.request == first)  // alice's own echo acknowledges her request
        // A line client's own message is not echoed to it.
        let chatLines = nc.chatLines
        #expect(chatLines.count == 3)
        #expect(chatLines[0].hasSuffix("<alice> hello from alice"))
        #expect(chatLines[1].hasSuffix("<udpy> hello from udp"))
        #expect(chatLines[2].hasSuffix("<bob> hello from bob"))
        #expect(!nc.lines.joined().unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func rateLimitRefusesWithAnErrorCarryingTheRequest() throws {
        let relay = try startRelay {
            $0.rate = 5
            $0.burst = 20
        }
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        for index in 1...25 { try alice.say("message \(index)") }
        let submitted = Set(alice.submitted)
        let answered = { Set(alice.chats.map(\.request)).union(alice.errors.map(\.request)) }
        #expect(try alice.waitUntil { answered() == submitted })
        #expect(alice.chats.count >= 20)
        #expect(alice.errors.allSatisfy { $0.code == .rateLimited })
        #expect(Set(alice.errors.map(\.request)).isDisjoint(with: alice.chats.map(\.request)))
        #expect(alice.chats.count + alice.errors.count == 25)
        #expect(!alice.isClosedByRelay)
    }

    @Test func floodingPeerIsDisconnectedAndOthersAreTold() throws {
        let relay = try startRelay {
            $0.rate = 5
            $0.burst = 20
        }
        defer { relay.shutdown() }
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        let flooder = try FramedPeer(port: relay.port, nick: "flooder")
        #expect(try flooder.joined())
        var bytes: [UInt8] = []
        for request in 2...201 { bytes += ClientMessage.submit(Submit(request: UInt64(request), text: "spam")).encoded() }
        try flooder.socket.send(bytes)
        #expect(try bob.waitUntil { bob.lefts.contains { $0.nick == "flooder" } })
        #expect(bob.lefts.first { $0.nick == "flooder" }?.reason == .flooding)
        #expect(bob.lefts.first { $0.nick == "flooder" }?.room == lobby)
        #expect(try flooder.waitUntil { flooder.isClosedByRelay })
    }

    @Test func maxPeersRefusesTheNextClientClearly() throws {
        let relay = try startRelay { $0.maxPeers = 2 }
        defer { relay.shutdown() }
        let a = try FramedPeer(port: relay.port, nick: "a")
        let b = try FramedPeer(port: relay.port, nick: "b")
        #expect(try a.joined())
        #expect(try b.joined())
        let c = try FramedPeer(port: relay.port, nick: "c")
        #expect(try c.waitUntil { c.isClosedByRelay })
        #expect(c.errors.map(\.code) == [.serverFull])
        #expect(c.welcome == nil)
        let nc = try LinePeer(port: relay.port)
        try nc.type("hi")
        #expect(try nc.waitUntil { nc.isClosedByRelay })
        #expect(nc.lines.first?.hasPrefix("* error: the relay is full") == true)
    }

    @Test func garbageNeverHurtsTheRelayOrOtherPeers() throws {
        let relay = try startRelay { $0.handshakeTimeout = .milliseconds(300) }
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())

        let badMagic = try FramedPeer(port: relay.port, nick: nil)
        try badMagic.socket.send([0x89, 0x00, 0x01, 0x02, 0x03, 0x04])
        #expect(try badMagic.waitUntil { badMagic.isClosedByRelay })
        #expect(badMagic.errors.map(\.code) == [.malformed])

        let huge = try FramedPeer(port: relay.port, nick: nil)
        try huge.socket.send(Preamble.bytes + [0x7F, 0xFF, 0xFF, 0xFF, 0x10])
        #expect(try huge.waitUntil { huge.isClosedByRelay })
        #expect(huge.errors.map(\.code) == [.frameTooLarge])

        let silent = try FramedPeer(port: relay.port, nick: nil)
        try silent.socket.send(Preamble.bytes)
        #expect(try silent.waitUntil(timeout: 3) { silent.isClosedByRelay })

        let abrupt = try FramedPeer(port: relay.port, nick: "abrupt")
        #expect(try abrupt.joined())
        abrupt.socket.close()

        let noise = try LinePeer(port: relay.port)
        var junk: [UInt8] = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        junk[0] = 0x41
        try noise.socket.send(junk + [0x0A])

        let halfClosed = try LinePeer(port: relay.port)
        try halfClosed.socket.send(Array("last words".utf8))
        halfClosed.socket.shutdownOutput()

        #expect(try alice.waitUntil { alice.chats.contains { $0.text == "last words" } && alice.sawLeave(of: "abrupt") })
        let request = try alice.say("still fine")
        #expect(try alice.waitUntil { alice.echoed.contains(request) })
        #expect(alice.decodeFailures.isEmpty)
    }

    @Test func resumeIsCompleteWithinHistoryAndReportsAGapBeyondIt() throws {
        let relay = try startRelay {
            $0.history = 5
            $0.rate = 0
        }
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        for index in 1...3 { try alice.say("m\(index)") }
        #expect(try alice.waitUntil { alice.chats.count == 3 })
        let epoch = try #require(alice.welcome?.epoch)

        let back = try FramedPeer(port: relay.port, nick: "back", rooms: [RoomCursor(room: lobby, after: 1)], epoch: epoch)
        #expect(try back.waitUntil { back.replay(in: lobby) != nil })
        #expect(back.entered(lobby)?.resume == .complete)
        #expect(back.entered(lobby)?.lastID == 3)
        #expect(back.entered(lobby)?.request == back.hello?.request)
        #expect(back.replay(in: lobby)?.map(\.text) == ["m2", "m3"])

        for index in 4...10 { try alice.say("m\(index)") }
        #expect(try alice.waitUntil { alice.chats.count == 10 })
        let late = try FramedPeer(port: relay.port, nick: "late", rooms: [RoomCursor(room: lobby, after: 1)], epoch: epoch)
        #expect(try late.waitUntil { late.replay(in: lobby) != nil })
        #expect(late.entered(lobby)?.resume == .gap)
        #expect(late.entered(lobby)?.missed == 4)  // 2 to 5 are gone
        #expect(late.replay(in: lobby)?.map(\.id) == [6, 7, 8, 9, 10])
    }

    @Test func cursorsOfAnotherEpochAreIgnored() throws {
        let relay = try startRelay { $0.rate = 0 }
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        for index in 1...3 { try alice.say("m\(index)") }
        #expect(try alice.waitUntil { alice.chats.count == 3 })
        let epoch = try #require(alice.welcome?.epoch)

        // A cursor from before a restart: treated as none, so `history` (here 1) decides.
        let stale = try FramedPeer(
            port: relay.port, nick: "stale", history: 1, rooms: [RoomCursor(room: lobby, after: 1)], epoch: epoch &+ 1)
        #expect(try stale.waitUntil { stale.replay(in: lobby) != nil })
        #expect(stale.welcome?.epoch == epoch)
        #expect(stale.entered(lobby)?.resume == .fresh)
        #expect(stale.replay(in: lobby)?.map(\.text) == ["m3"])
    }

    @Test func resubmissionAfterReconnectIsNotBroadcastTwice() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        var alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        try alice.say("exactly once", request: 77)
        #expect(try bob.waitUntil { bob.chats.count == 1 })
        alice.socket.close()
        #expect(try bob.waitUntil { bob.sawLeave(of: "alice") })
        alice = try FramedPeer(port: relay.port, nick: "alice", history: 0)
        #expect(try alice.joined())
        try alice.say("exactly once", request: 77)
        #expect(try alice.waitUntil { alice.chats.count == 1 })
        #expect(alice.chats.first?.id == 1)
        #expect(alice.chats.first?.request == 77)
        try alice.say("a new one", request: 78)
        #expect(try bob.waitUntil { bob.chats.count == 2 })
        #expect(bob.chats.map(\.text) == ["exactly once", "a new one"])
        #expect(bob.chats.map(\.id) == [1, 2])
    }
}
