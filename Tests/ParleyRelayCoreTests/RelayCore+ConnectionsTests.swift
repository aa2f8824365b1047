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
        #expect(errors.map(\.key) == [21, 22, 23, 24, 25])
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
        #expect(relay.core.room.count == 2)
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
        relay.run(.streamOpened(id, now: relay.now))
        relay.send(id, bytes)
        #expect(relay.identified[id] == .tcp)
        #expect(relay.errors(id).count == 1)
        #expect([ErrorCode.malformed, .unsupportedVersion, .frameTooLarge].contains(relay.errors(id).first?.code ?? .emptyText))
        #expect(relay.closed == [id])
        #expect(relay.core.room == [bob])
    }

    @Test func unknownFrameTypeIsAnErrorAboutThatFrameOnly() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.send(alice, [0, 0, 0, 1, 0x7E, 0xAA])
        #expect(relay.errors(alice).map(\.code) == [.malformed])
        relay.submit(alice, key: 1, "still here")
        #expect(relay.chats(alice).count == 1)
    }

    @Test func framesSplitAcrossReadsDecodeTheSame() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, now: relay.now))
        let bytes = Preamble.bytes + Message.hello(Hello(nick: "slowpoke")).encoded() + Message.submit(Submit(key: 1, text: "hi")).encoded()
        for byte in bytes { relay.send(id, [byte]) }
        #expect(relay.welcome(id)?.nick == "slowpoke")
        #expect(relay.chats(id).map(\.text) == ["hi"])
    }

    @Test func garbageFromALineClientNeverCrashes() {
        var relay = RelayHarness()
        let id = relay.lineClient()
        relay.send(id, [0xFF, 0xFE, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0x0A, 0xC3, 0x28, 0x0A])
        #expect(relay.core.room.contains(id))
        #expect(relay.core.lastID == 2)
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
