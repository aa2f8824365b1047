import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// Silent TCP connections become line clients on a timer, often several in the same tick; each
/// must be in its room's audience from then on.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayEngineAudienceTests {
    @Test func silentClientsDetectedInOneTickAllReceiveBroadcasts() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        // Connected together and never speaking, so the relay identifies them in the same pass;
        // nobody joins after them, so nothing else changes the room's audience.
        let readers = try (0..<4).map { _ in try LinePeer(port: relay.port) }
        #expect(try pump(readers + [alice], timeout: 5) { readers.allSatisfy { $0.lines.contains { $0.contains("Welcome") } } })
        try alice.say("hello, silent readers")
        let everyoneHeard = try pump(readers + [alice], timeout: 5) {
            readers.allSatisfy { $0.lines.contains { $0.contains("<alice> hello, silent readers") } }
        }
        #expect(everyoneHeard, "a reader missed the message: \(readers.map { $0.lines.suffix(2) })")
    }
}
