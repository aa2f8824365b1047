import ParleyLink
import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// The relay's UDP link over real sockets: a peer that goes silent is closed after the link
/// timeout, whatever the chat-level idle timeout says (PROTOCOL.md §4.4).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayEngineLinkTests {
    @Test func aSilentUDPPeerIsClosedAfterTheLinkTimeoutAndLeavesWithReasonTimeout() throws {
        let linkTimeout = 1.0
        // Idle timeout off: only the link timeout can end the silent peer.
        let relay = try startRelay { $0.linkTimeout = .seconds(linkTimeout); $0.idleTimeout = .zero }
        defer { relay.shutdown() }
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        #expect(try bob.joined())
        let udp = try LinkPeer(port: relay.port, nick: "udpy")
        defer { try? udp.close() }
        #expect(try udp.waitUntil { udp.welcome != nil })
        // From now on udp is never pumped: it sends nothing, not even a keepalive or an ACK.
        let silentSince = udp.lastSent

        #expect(try bob.waitUntil(timeout: linkTimeout + 4) { bob.lefts.contains { $0.nick == "udpy" } })
        let left = TestClock.nanoseconds()
        #expect(bob.lefts.map(\.reason) == [.timeout])
        let silence = Double(left - silentSince) / 1e9
        #expect(silence >= linkTimeout, "udpy left after \(silence) s of silence")

        // The relay told the peer why: its CLOSE (timed out) was waiting in the socket.
        #expect(try udp.waitUntil { udp.closeReason != nil })
        #expect(udp.closeReason == .timeout)
    }
}
