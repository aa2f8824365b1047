import ParleyRelay
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

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayServerTests {
    @Test func oneChatAcrossFramedUDPAndLineClients() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        let bob = try FramedTestClient(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        let udp = try LinkTestClient(port: relay.port, nick: "udpy")
        defer { try? udp.close() }
        #expect(try udp.waitUntil { udp.welcome != nil })
        let nc = try LineTestClient(port: relay.port)
        try nc.type("/nick typist")
        #expect(try nc.waitUntil { nc.lines.contains { $0.contains("is now known as typist") } })

        try alice.submit(key: 1, "hello from alice")
        try waitUntil([alice, bob, udp, nc]) { alice.chats.count == 1 && bob.chats.count == 1 }
        try udp.submit(key: 1, "hello from udp")
        try waitUntil([alice, bob, udp, nc]) { alice.chats.count == 2 }
        try nc.type("hello from nc \u{1B}[31m")
        try waitUntil([alice, bob, udp, nc]) { alice.chats.count == 3 }
        try bob.submit(key: 1, "hello from bob")

        let everyone: [any TestPeer] = [alice, bob, udp, nc]
        let done = try waitUntil(everyone) {
            alice.chats.count == 4 && bob.chats.count == 4 && udp.chats.count == 4 && nc.lines.filter { $0.hasPrefix("[") }.count == 3
        }
        #expect(done)
        let order = alice.chats.map(\.text)
        #expect(order == ["hello from alice", "hello from udp", "hello from nc \u{1B}[31m", "hello from bob"])
        #expect(bob.chats.map(\.text) == order)
        #expect(udp.chats.map(\.text) == order)
        #expect(alice.chats.map(\.id) == [1, 2, 3, 4])
        #expect(alice.chats.map(\.from) == ["alice", "udpy", "typist", "bob"])
        #expect(alice.chats.first?.key == 1)  // alice's own echo acknowledges her key
        let chatLines = nc.lines.filter { $0.hasPrefix("[") }
        #expect(chatLines.count == 3)
        #expect(chatLines[0].hasSuffix("<alice> hello from alice"))
        #expect(chatLines[1].hasSuffix("<udpy> hello from udp"))
        #expect(chatLines[2].hasSuffix("<bob> hello from bob"))
        #expect(!nc.lines.joined().unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func rateLimitRefusesWithAnErrorCarryingTheKey() throws {
        let relay = try startRelay { $0.rate = 5; $0.burst = 20 }
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        for key in 1...25 { try alice.submit(key: UInt64(key), "message \(key)") }
        #expect(try alice.waitUntil { alice.chats.count + alice.errors.count == 25 })
        #expect(alice.chats.count >= 20)
        #expect(alice.errors.allSatisfy { $0.code == .rateLimited })
        let refusedKeys = alice.errors.map(\.key)
        #expect(Set(refusedKeys).isDisjoint(with: alice.chats.map(\.key)))
        #expect(!alice.isClosedByRelay)
    }

    @Test func floodingPeerIsDisconnectedAndOthersAreTold() throws {
        let relay = try startRelay { $0.rate = 5; $0.burst = 20 }
        defer { relay.shutdown() }
        let bob = try FramedTestClient(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        let flooder = try FramedTestClient(port: relay.port, nick: "flooder")
        #expect(try flooder.joined())
        var bytes: [UInt8] = []
        for key in 1...200 { bytes += Message.submit(Submit(key: UInt64(key), text: "spam")).encoded() }
        try flooder.socket.send(bytes)
        #expect(try bob.waitUntil { bob.lefts.contains { $0.nick == "flooder" } })
        #expect(bob.lefts.first?.reason == .flooding)
        #expect(try flooder.waitUntil { flooder.isClosedByRelay })
    }

    @Test func maxPeersRefusesTheNextClientClearly() throws {
        let relay = try startRelay { $0.maxPeers = 2 }
        defer { relay.shutdown() }
        let a = try FramedTestClient(port: relay.port, nick: "a")
        let b = try FramedTestClient(port: relay.port, nick: "b")
        #expect(try a.joined())
        #expect(try b.joined())
        let c = try FramedTestClient(port: relay.port, nick: "c")
        #expect(try c.waitUntil { c.isClosedByRelay })
        #expect(c.errors.map(\.code) == [.serverFull])
        #expect(c.welcome == nil)
        let nc = try LineTestClient(port: relay.port)
        try nc.type("hi")
        #expect(try nc.waitUntil { nc.isClosedByRelay })
        #expect(nc.lines.first?.hasPrefix("* error: the relay is full") == true)
    }

    @Test func garbageNeverHurtsTheRelayOrOtherPeers() throws {
        let relay = try startRelay { $0.handshakeTimeout = .milliseconds(300) }
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())

        let badMagic = try FramedTestClient(port: relay.port)
        try badMagic.socket.send([0x89, 0x00, 0x01, 0x02, 0x03, 0x04])
        #expect(try badMagic.waitUntil { badMagic.isClosedByRelay })
        #expect(badMagic.errors.map(\.code) == [.malformed])

        let huge = try FramedTestClient(port: relay.port)
        try huge.socket.send(Preamble.bytes + [0x7F, 0xFF, 0xFF, 0xFF, 0x10])
        #expect(try huge.waitUntil { huge.isClosedByRelay })
        #expect(huge.errors.map(\.code) == [.frameTooLarge])

        let silent = try FramedTestClient(port: relay.port)
        try silent.socket.send(Preamble.bytes)
        #expect(try silent.waitUntil(timeout: 3) { silent.isClosedByRelay })

        let abrupt = try FramedTestClient(port: relay.port, nick: "abrupt")
        #expect(try abrupt.joined())
        abrupt.socket.close()

        let noise = try LineTestClient(port: relay.port)
        var junk: [UInt8] = (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        junk[0] = 0x41
        try noise.socket.send(junk + [0x0A])

        let halfClosed = try LineTestClient(port: relay.port)
        try halfClosed.socket.send(Array("last words".utf8))
        halfClosed.socket.shutdownOutput()

        #expect(try alice.waitUntil { alice.chats.contains { $0.text == "last words" } && alice.lefts.contains { $0.nick == "abrupt" } })
        try alice.submit(key: 1, "still fine")
        #expect(try alice.waitUntil { alice.chats.contains { $0.text == "still fine" } })
        #expect(alice.decodeFailure == nil)
    }

    @Test func resumeIsCompleteWithinHistoryAndReportsAGapBeyondIt() throws {
        let relay = try startRelay { $0.history = 5; $0.rate = 0 }
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        for key in 1...3 { try alice.submit(key: UInt64(key), "m\(key)") }
        #expect(try alice.waitUntil { alice.chats.count == 3 })

        let back = try FramedTestClient(port: relay.port, nick: "back", resumeAfter: 1)
        #expect(try back.waitUntil { back.chats.count == 2 })
        #expect(back.welcome?.resume == .complete)
        #expect(back.welcome?.replayCount == 2)
        #expect(back.chats.map(\.text) == ["m2", "m3"])

        for key in 4...10 { try alice.submit(key: UInt64(key), "m\(key)") }
        #expect(try alice.waitUntil { alice.chats.count == 10 })
        let late = try FramedTestClient(port: relay.port, nick: "late", resumeAfter: 1)
        #expect(try late.waitUntil { late.chats.count == 5 && late.received.contains { if case .notice = $0 { return true } else { return false } } })
        #expect(late.welcome?.resume == .gap)
        #expect(late.chats.map(\.id) == [6, 7, 8, 9, 10])
    }

    @Test func resubmissionAfterReconnectIsNotBroadcastTwice() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let bob = try FramedTestClient(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        var alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        try alice.submit(key: 77, "exactly once")
        #expect(try bob.waitUntil { bob.chats.count == 1 })
        alice.socket.close()
        #expect(try bob.waitUntil { bob.lefts.contains { $0.nick == "alice" } })
        alice = try FramedTestClient(port: relay.port, nick: "alice", resumeAfter: 0, history: 0)
        #expect(try alice.joined())
        try alice.submit(key: 77, "exactly once")
        #expect(try alice.waitUntil { alice.chats.count == 1 })
        #expect(alice.chats.first?.id == 1)
        try alice.submit(key: 78, "a new one")
        #expect(try bob.waitUntil { bob.chats.count == 2 })
        #expect(bob.chats.map(\.text) == ["exactly once", "a new one"])
    }
}
