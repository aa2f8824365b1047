import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreConnectionsTests {
    @Test func rateLimitRefusesWithTheKeyAndRefills() {
        var relay = RelayHarness(RelaySettings(rate: 5, burst: 20))
        let alice = relay.framedClient("alice")
        for key in 1...25 { relay.submit(alice, key: UInt64(key), "m\(key)") }
        #expect(relay.chats(alice).count == 20)
        let errors = relay.errors(alice)
        #expect(errors.map(\.code) == Array(repeating: .rateLimited, count: 5))
        #expect(errors.map(\.request) == [21, 22, 23, 24, 25])
        #expect(relay.closed.isEmpty)
        relay.advance(1000)  // 5 more tokens
        for key in 26...30 { relay.submit(alice, key: UInt64(key), "m\(key)") }
        #expect(relay.chats(alice).count == 25)
        #expect(relay.core.statistics(now: relay.now).rejections[.rateLimited] == 5)
    }

    @Test func rateZeroTurnsTheLimitOff() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        for key in 1...500 { relay.submit(alice, key: UInt64(key), "m") }
        #expect(relay.chats(alice).count == 500)
        #expect(relay.errors(alice).isEmpty)
    }

    @Test func aPeerThatKeepsFloodingIsDisconnectedAndOthersAreTold() {
        var relay = RelayHarness(RelaySettings(rate: 5, burst: 20, floodTolerance: 30))
        let flooder = relay.framedClient("flooder")
        let bob = relay.framedClient("bob")
        _ = relay.take(bob)
        for key in 1...100 { relay.submit(flooder, key: UInt64(key), "spam") }
        #expect(relay.closed == [flooder])
        #expect(relay.errors(flooder).count == 31)  // 30 tolerated, the 31st is one too many
        let left = relay.take(bob).compactMap { if case .left(let l) = $0 { return l } else { return nil } }
        #expect(left.map(\.reason) == [.flooding])
        #expect(relay.core.statistics(now: relay.now).disconnects[.flooding] == 1)
    }

    @Test func maxPeersRefusesTheNextFramedClientWithServerFull() {
        var relay = RelayHarness(RelaySettings(maxPeers: 2))
        _ = relay.framedClient("a")
        _ = relay.framedClient("b")
        let third = relay.framedClient("c")
        #expect(relay.identified[third] == .tcp)
        #expect(relay.errors(third).map(\.code) == [.serverFull])
        #expect(relay.welcome(third) == nil)
        #expect(relay.closed == [third])
        #expect(relay.lobby.count == 2)
    }

    @Test func maxPeersRefusesALineClientWithALine() {
        var relay = RelayHarness(RelaySettings(maxPeers: 1))
        _ = relay.framedClient("a")
        let nc = relay.lineClient()
        relay.advance(600)  // silent: taken for a line client
        #expect(relay.identified[nc] == .line)
        #expect(relay.errors(nc).map(\.code) == [.serverFull])
        #expect(relay.closed == [nc])
    }

    @Test func maxPeersRefusesAUDPClient() {
        var relay = RelayHarness(RelaySettings(maxPeers: 1))
        _ = relay.linkClient("a")
        let b = relay.linkClient("b")
        #expect(relay.errors(b).map(\.code) == [.serverFull])
        #expect(relay.closed == [b])
    }

    @Test func aSlotFreesWhenAPeerLeaves() {
        var relay = RelayHarness(RelaySettings(maxPeers: 1))
        let a = relay.framedClient("a")
        relay.run(.disconnected(a, reason: .quit, now: relay.now))
        let b = relay.framedClient("b")
        #expect(relay.welcome(b)?.nick == "b")
    }

    @Test func oneAddressGetsAtMostItsShareOnEveryTransport() {
        var relay = RelayHarness(RelaySettings(maxPeersPerAddress: 2))
        let a = relay.framedClient("a", from: "203.0.113.7")
        let b = relay.linkClient("b", from: "203.0.113.7")
        let c = relay.framedClient("c", from: "203.0.113.7")
        let d = relay.linkClient("d", from: "203.0.113.7")
        let nc = relay.lineClient(from: "203.0.113.7")
        relay.advance(600)  // silent: taken for a line client, then told why it is refused
        let elsewhere = relay.framedClient("e", from: "198.51.100.1")
        #expect(relay.welcome(a) != nil && relay.welcome(b) != nil && relay.welcome(elsewhere) != nil)
        for refused in [c, d, nc] {
            #expect(relay.errors(refused).map(\.code) == [.serverFull])
            #expect(relay.errors(refused).first?.text.contains("too many connections from your address (at most 2)") == true)
        }
        #expect(relay.closed == [c, d, nc])
        #expect(relay.lobby.count == 3)
        #expect(relay.logs.filter { if case .addressFull(_, "203.0.113.7", 2) = $0 { return true } else { return false } }.count == 3)
    }

    @Test func anAddressGetsItsShareBackAsItsConnectionsEnd() {
        var relay = RelayHarness(RelaySettings(maxPeersPerAddress: 1))
        let first = relay.framedClient("first", from: "203.0.113.7")
        relay.run(.disconnected(first, reason: .quit, now: relay.now))
        let second = relay.lineClient(typing: "hello", from: "203.0.113.7")
        #expect(relay.lobby.contains(second))
        relay.run(.inputClosed(second, now: relay.now))
        let third = relay.linkClient("third", from: "203.0.113.7")
        #expect(relay.welcome(third)?.nick == "third")
        // A connection that never joined (it timed out in its handshake) gives its share back too.
        relay.run(.disconnected(third, reason: .quit, now: relay.now))
        let silent = relay.newID()
        relay.run(.streamOpened(silent, from: "203.0.113.7", now: relay.now))
        relay.send(silent, Preamble.bytes)
        relay.advance(11_000)
        #expect(relay.closed.contains(silent))
        let fourth = relay.framedClient("fourth", from: "203.0.113.7")
        #expect(relay.welcome(fourth)?.nick == "fourth", "\(relay.errors(fourth))")
    }

    @Test func noLimitPerAddressWhenZeroOrTheAddressIsUnknown() {
        var relay = RelayHarness(RelaySettings(maxPeersPerAddress: 0))
        let crowd = (0..<100).map { relay.framedClient("n\($0)", from: "203.0.113.7") }
        #expect(crowd.allSatisfy { relay.welcome($0) != nil })
        var limited = RelayHarness(RelaySettings(maxPeersPerAddress: 1))
        let unknown = (0..<5).map { limited.framedClient("u\($0)", from: "") }
        #expect(unknown.allSatisfy { limited.welcome($0) != nil })
    }

    @Test func theRelayBeingFullIsSaidEvenWhenTheAddressIsAlsoFull() {
        var relay = RelayHarness(RelaySettings(maxPeers: 1, maxPeersPerAddress: 1))
        _ = relay.framedClient("a", from: "203.0.113.7")
        let b = relay.framedClient("b", from: "203.0.113.7")
        #expect(relay.errors(b).first?.text.contains("the relay is full") == true)
        #expect(relay.logs.contains { if case .serverFull(b) = $0 { return true } else { return false } })
    }

    @Test(arguments: [
        ([127, 0, 0, 1], "127.0.0.1"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 1, 2, 3], "10.1.2.3"),
        ([0x20, 0x01, 0x0D, 0xB8, 0, 1, 0xAB, 0xCD, 1, 2, 3, 4, 5, 6, 7, 8], "2001:db8:1:abcd::/64"),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "0:0:0:0::/64"),
        ([], ""),
        ([1, 2, 3], ""),
    ] as [([UInt8], String)])
    func addressesAreCountedByIPv4AddressOrIPv6Slash64(bytes: [UInt8], key: String) {
        #expect(PeerAddress.key(bytes) == key)
    }

    @Test func slowConsumerIsDisconnectedOnlyOverTheLimit() {
        var relay = RelayHarness(RelaySettings(outboundQueueLimit: 1 << 20))
        let slow = relay.framedClient("slow")
        let bob = relay.framedClient("bob")
        _ = relay.take(bob)
        relay.run(.backlogged(slow, bytes: 1000, now: relay.now))
        #expect(relay.aborted.isEmpty)
        relay.run(.backlogged(slow, bytes: (1 << 20) + 1, now: relay.now))
        #expect(relay.aborted == [slow])
        let left = relay.take(bob).compactMap { if case .left(let l) = $0 { return l } else { return nil } }
        #expect(left.map(\.reason) == [.slowConsumer])
        #expect(relay.logs.contains { if case .left(slow, _, .slowConsumer, _) = $0 { return true } else { return false } })
    }

    @Test(arguments: [[0x89, 0x00, 0x00, 0x00, 0x01], [0x89, 0x50, 0x52, 0x4C, 0x09], Preamble.bytes + [0xFF, 0xFF, 0xFF, 0xFF, 0x10]] as [[UInt8]])
    func fatalFramingErrorsGetAnErrorThenClose(bytes: [UInt8]) {
        var relay = RelayHarness()
        let bob = relay.framedClient("bob")
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "", now: relay.now))
        relay.send(id, bytes)
        #expect(relay.identified[id] == .tcp)
        #expect(relay.errors(id).count == 1)
        #expect([ErrorCode.malformed, .unsupportedVersion, .frameTooLarge].contains(relay.errors(id).first?.code ?? .emptyText))
        #expect(relay.closed == [id])
        #expect(relay.lobby == [bob])
    }

    @Test func unknownFrameTypeIsRefusedWithItsRequestIDAndTheStreamGoesOn() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.send(alice, [0, 0, 0, 1, 0x7E, 0xAA])  // too short to carry a request id
        relay.send(alice, [0, 0, 0, 9, 0x7F, 0, 0, 0, 0, 0, 0, 0, 42, 0xFF])  // a later request type, id 42
        #expect(relay.errors(alice).map(\.code) == [.unknownRequest, .unknownRequest])
        #expect(relay.errors(alice).map(\.request) == [0, 42])
        #expect(relay.closed.isEmpty)
        relay.submit(alice, key: 1, "still here")
        #expect(relay.chats(alice).count == 1)
    }

    @Test func framesSplitAcrossReadsDecodeTheSame() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "", now: relay.now))
        let bytes = Preamble.bytes + ClientMessage.hello(Hello(nick: "slowpoke")).encoded() + ClientMessage.submit(Submit(request: 1, text: "hi")).encoded()
        for byte in bytes { relay.send(id, [byte]) }
        #expect(relay.welcome(id)?.nick == "slowpoke")
        #expect(relay.chats(id).map(\.text) == ["hi"])
    }

    @Test func garbageFromALineClientNeverCrashes() {
        var relay = RelayHarness()
        let id = relay.lineClient()
        relay.send(id, [0xFF, 0xFE, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0x0A, 0xC3, 0x28, 0x0A])
        #expect(relay.lobby.contains(id))
        #expect(relay.lastID == 2)
    }

    @Test func endOfInputCountsTheLastLineThenQuits() {
        var relay = RelayHarness()
        let bob = relay.framedClient("bob")
        let nc = relay.lineClient()
        relay.send(nc, Array("last words".utf8))
        relay.run(.inputClosed(nc, now: relay.now))
        #expect(relay.chats(bob).map(\.text) == ["last words"])
        #expect(relay.closed == [nc])
    }

    @Test func disconnectOfAMemberIsAnnouncedWithItsReason() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        _ = relay.take(bob)
        relay.run(.disconnected(alice, reason: .error, now: relay.now))
        #expect(relay.take(bob) == [.left(Left(nick: "alice", reason: .error, time: relay.now))])
        relay.run(.disconnected(alice, reason: .error, now: relay.now))  // a late duplicate is ignored
        #expect(relay.take(bob).isEmpty)
    }
}
