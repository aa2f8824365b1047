import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayEngineTests {
    @Test func slowConsumerIsDisconnectedWhileTheOthersLoseNothing() throws {
        let relay = try startRelay {
            $0.rate = 0
            $0.outboundQueueLimit = 65_536
        }
        defer { relay.shutdown() }
        let slow = try FramedPeer(port: relay.port, nick: "slow", receiveBuffer: 2048)
        #expect(try slow.joined())  // and from now on, never reads
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        #expect(try alice.joined())
        #expect(try bob.joined())

        let text = String(repeating: "x", count: 4000)
        var sent = 0
        while sent < 3000 && !bob.sawLeave(of: "slow") {
            var batch: [UInt8] = []
            for _ in 0..<20 {
                sent += 1
                batch += ClientMessage.submit(Submit(request: UInt64(1000 + sent), text: text)).encoded()
            }
            try alice.socket.send(batch)
            let delivered = try pump([alice, bob], timeout: 5) { alice.chats.count == sent && bob.chats.count == sent }
            #expect(delivered)
            if !delivered { break }
        }
        #expect(bob.lefts.first { $0.nick == "slow" }?.reason == .slowConsumer)
        #expect(bob.chats.map(\.id) == (1...UInt64(sent)).map { $0 })
        #expect(alice.chats.count == sent)

        // The slow client may come back and resume.
        let epoch = try #require(alice.welcome?.epoch)
        let again = try FramedPeer(
            port: relay.port, nick: "slow", rooms: [RoomCursor(room: lobby, after: UInt64(sent - 3))], epoch: epoch)
        #expect(try again.waitUntil { again.replay(in: lobby) != nil })
        #expect(again.replay(in: lobby)?.map(\.id) == (UInt64(sent - 2)...UInt64(sent)).map { $0 })
        #expect(again.entered(lobby)?.resume == .complete)
        #expect(again.welcome?.nick == "slow")
    }

    @Test func lineClientGetsAGuestNickHistoryAndCommands() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        try alice.say("before you came")
        #expect(try alice.waitUntil { alice.chats.count == 1 })

        let nc = try LinePeer(port: relay.port)  // says nothing: taken for a line client after a moment
        #expect(try nc.waitUntil { nc.lines.contains { $0.hasSuffix("<alice> before you came") } })
        #expect(nc.lines.first?.hasPrefix("* Welcome to Parley, guest") == true)
        try nc.type("/me waves")
        try nc.type("/msg alice psst")
        try nc.type("/who")
        let answered = try pump([alice, nc]) {
            alice.chats.count == 3 && nc.lines.contains { $0.hasPrefix("* in #lobby:") }
                && nc.lines.contains { $0.contains("→ alice> psst") }
        }
        #expect(answered, "\(alice.chats), \(nc.lines)")
        #expect(alice.chats[1].kind == .action)
        #expect(alice.chats[2].to == .user("alice"))
        #expect(nc.lines.contains { $0.contains("→ alice> psst") })
        try nc.type(String(repeating: "y", count: 10_000))
        #expect(try nc.waitUntil { nc.lines.contains { $0.hasPrefix("* error: a line is at most") } })
        try nc.type("/quit gone fishing")
        #expect(try alice.waitUntil { alice.lefts.contains { $0.detail == "gone fishing" } })
        #expect(try nc.waitUntil { nc.isClosedByRelay })
    }
}
