import ParleyRelay
import ParleyWire
import Testing

/// The shell caches the room's routes for broadcasting. Silent TCP connections become line
/// clients on a timer, often several in the same tick; each must be in the audience from then on.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayEngineAudienceTests {
    @Test func silentClientsDetectedInOneTickAllReceiveBroadcasts() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedTestClient(port: relay.port, nick: "alice")
        #expect(try alice.joined())
        // Connected together and never speaking, so the relay identifies them in the same pass;
        // nobody joins after them, so nothing else refreshes the relay's view of the room.
        let readers = try (0..<4).map { _ in try LineTestClient(port: relay.port) }
        #expect(try waitUntil(readers + [alice], timeout: 5) { readers.allSatisfy { $0.lines.contains { $0.contains("Welcome") } } })
        try alice.submit(key: 1, "hello, silent readers")
        let everyoneHeard = try waitUntil(readers + [alice], timeout: 5) {
            readers.allSatisfy { $0.lines.contains { $0.contains("<alice> hello, silent readers") } }
        }
        #expect(everyoneHeard, "a reader missed the message: \(readers.map { $0.lines.suffix(2) })")
    }
}
