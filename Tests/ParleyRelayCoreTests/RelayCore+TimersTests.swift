import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreTimersTests {
    @Test func quietPeerIsPingedThenTimedOut() {
        var relay = RelayHarness(RelaySettings(idleTimeout: 10_000))
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        _ = relay.take(alice)
        _ = relay.take(bob)
        relay.advance(5_000)
        let pings = relay.take(alice).filter { if case .ping = $0 { return true } else { return false } }
        #expect(pings.count == 1)
        relay.send(bob, .pong(0))  // bob answers; alice does not
        relay.advance(3_000)
        #expect(relay.take(alice).isEmpty)  // one outstanding ping at a time
        relay.advance(2_000)
        #expect(relay.closed == [alice])
        let left = relay.take(bob).compactMap { if case .left(let l) = $0 { return l } else { return nil } }
        #expect(left.map(\.reason) == [.timeout])
        #expect(relay.lobby == [bob])
    }

    @Test func connectionThatSendsPreambleButNoHelloTimesOut() {
        var relay = RelayHarness(RelaySettings(handshakeTimeout: 5_000))
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "", now: relay.now))
        relay.send(id, Preamble.bytes)
        relay.advance(4_000)
        #expect(relay.closed.isEmpty)
        relay.advance(1_000)
        #expect(relay.errors(id).map(\.code) == [.protocolViolation])
        #expect(relay.closed == [id])
        #expect(relay.core.peerCount == 0)
    }

    @Test func silentStreamIsTakenForALineClientAndGreeted() {
        var relay = RelayHarness(RelaySettings(detectionDelay: 500))
        let nc = relay.lineClient()
        relay.advance(250)
        #expect(relay.identified[nc] == nil)
        relay.advance(250)
        #expect(relay.identified[nc] == .line)
        #expect(relay.welcome(nc)?.nick.hasPrefix("guest") == true)
        #expect(relay.lobby == [nc])
    }

    @Test func silentLineClientTimesOutAfterItsOwnLimit() {
        var relay = RelayHarness(RelaySettings(idleTimeout: 1_000, lineIdleTimeout: 60_000))
        let nc = relay.lineClient(typing: "hi")
        relay.advance(30_000)
        #expect(relay.closed.isEmpty)
        #expect(!relay.take(nc).contains { if case .ping = $0 { return true } else { return false } })
        relay.advance(30_000)
        #expect(relay.closed == [nc])
    }

    @Test func statisticsAreReportedEveryInterval() {
        var relay = RelayHarness(RelaySettings(statsInterval: 10_000))
        relay.advance(1)
        let alice = relay.framedClient("alice")
        _ = relay.lineClient(typing: "hello")
        relay.submit(alice, key: 1, "hi")
        relay.advance(5_000)
        #expect(relay.reports.isEmpty)
        relay.advance(5_000)
        #expect(relay.reports.count == 1)
        let report = relay.reports.first
        #expect(report?.peers == [.tcp: 1, .line: 1])
        #expect(report?.messagesIn == 2)
        #expect(report?.deliveries == 3)  // "hello" to alice; "hi" to alice (echo) and the line client
    }

    @Test func shutdownSaysGoodbyeToEveryoneAndClosesAll() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let udp = relay.linkClient("udp")
        let nc = relay.lineClient(typing: "hi")
        for id in [alice, udp, nc] { _ = relay.take(id) }
        relay.run(.shutdown(now: relay.now))
        #expect(relay.take(alice) == [.bye("server shutting down")])
        #expect(relay.take(udp) == [.bye("server shutting down")])
        #expect(relay.take(nc) == [.notice("server shutting down")])
        #expect(Set(relay.closed) == [alice, udp, nc])
        #expect(relay.lobby.isEmpty)
        let late = relay.newID()
        relay.run(.streamOpened(late, from: "", now: relay.now))
        #expect(relay.aborted == [late])
    }
}
