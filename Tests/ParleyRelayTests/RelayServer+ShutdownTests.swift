import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayServerShutdownTests {
    @Test func shutdownTellsEveryPeerAndReturnsWithinTwoSeconds() throws {
        let relay = try startRelay()
        let port = relay.port
        let alice = try FramedPeer(port: port, nick: "alice")
        #expect(try alice.joined())
        let udp = try LinkPeer(port: port, nick: "udpy")
        #expect(try udp.waitUntil { udp.welcome != nil })
        let nc = try LinePeer(port: port)
        try nc.type("hi")
        #expect(try nc.waitUntil { nc.lines.contains { $0.hasPrefix("* Welcome") } })
        let slow = try FramedPeer(port: port, nick: "never-reads", receiveBuffer: 2048)
        #expect(try slow.joined())

        let started = TestClock.seconds()
        relay.shutdown()
        #expect(TestClock.seconds() - started < 2)
        relay.waitUntilClosed()

        #expect(try alice.waitUntil { alice.isClosedByRelay })
        #expect(alice.byes == ["server shutting down"])
        #expect(try nc.waitUntil { nc.isClosedByRelay })
        #expect(nc.lines.contains("* server shutting down"))
        #expect(try udp.waitUntil { udp.isClosedByRelay || udp.byes.contains("server shutting down") })

        // A restart binds the same port at once.
        let again = RelayServer(configuration: RelayConfiguration(host: "127.0.0.1", port: port, statsInterval: .zero, logLevel: .critical))
        try again.start()
        #expect(again.port == port)
        again.shutdown()
    }

    @Test func startingTwiceOnOnePortFailsClearly() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let second = RelayServer(configuration: RelayConfiguration(host: "127.0.0.1", port: relay.port, logLevel: .critical))
        #expect(throws: RelayError.self) { try second.start() }
        #expect(throws: RelayError.alreadyStarted) { try relay.start() }
    }
}
