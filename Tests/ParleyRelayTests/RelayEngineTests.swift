import ParleyRelay
import ParleyWire
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayEngineTests {
    @Test func slowConsumerIsDisconnectedWhileTheOthersLoseNothing() throws {
        let relay = try startRelay { $0.rate = 0; $0.outboundQueueLimit = 65_536 }
        defer { relay.shutdown() }
        let slow = try FramedTestClient(port: relay.port, nick: "slow", receiveBuffer: 2048)
        #expect(try slow.joined())  // and from now on, never reads
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        let bob = try FramedTestClient(port: relay.port, nick: "bob")
        #expect(try alice.joined())
        #expect(try bob.joined())

        let text = String(repeating: "x", count: 4000)
        var sent = 0
        while sent < 3000 && !bob.lefts.contains(where: { $0.nick == "slow" }) {
            var batch: [UInt8] = []
            for _ in 0..<20 {
                sent += 1
                batch += Message.submit(Submit(key: UInt64(sent), text: text)).encoded()
            }
            try alice.socket.send(batch)
            let delivered = try waitUntil([alice, bob], timeout: 5) { alice.chats.count == sent && bob.chats.count == sent }
            #expect(delivered)
            if !delivered { break }
        }
        #expect(bob.lefts.first { $0.nick == "slow" }?.reason == .slowConsumer)
        #expect(bob.chats.map(\.id) == (1...UInt64(sent)).map { $0 })
        #expect(alice.chats.count == sent)

        // The slow client may come back and resume.
        let again = try FramedTestClient(port: relay.port, nick: "slow", resumeAfter: UInt64(sent - 3))
        #expect(try again.waitUntil { again.chats.count == 3 })
        #expect(again.welcome?.resume == .complete)
        #expect(again.welcome?.nick == "slow")
    }

    @Test func lineClientGetsAGuestNickHistoryAndCommands() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        try alice.submit(key: 1, "before you came")
        #expect(try alice.waitUntil { alice.chats.count == 1 })

        let nc = try LineTestClient(port: relay.port)  // says nothing: taken for a line client after a moment
        #expect(try nc.waitUntil { nc.lines.contains { $0.hasSuffix("<alice> before you came") } })
        #expect(nc.lines.first?.hasPrefix("* Welcome to Parley, guest") == true)
        try nc.type("/me waves")
        try nc.type("/msg alice psst")
        try nc.type("/who")
        #expect(try waitUntil([alice, nc]) { alice.chats.count == 3 && nc.lines.contains { $0.hasPrefix("* here:") } })
        #expect(alice.chats[1].kind == .action)
        #expect(alice.chats[2].target == "alice")
        #expect(nc.lines.contains { $0.contains("→ alice> psst") })
        try nc.type(String(repeating: "y", count: 10_000))
        #expect(try nc.waitUntil { nc.lines.contains { $0.hasPrefix("* error: a line is at most") } })
        try nc.type("/quit gone fishing")
        #expect(try alice.waitUntil { alice.lefts.contains { $0.detail == "gone fishing" } })
        #expect(try nc.waitUntil { nc.isClosedByRelay })
    }
}
