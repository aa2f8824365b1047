import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCorePresenceTests {
    func joinedNicks(_ messages: [RelayMessage]) -> [String] {
        messages.compactMap { if case .joined(let joined) = $0 { return joined.nick } else { return nil } }
    }

    @Test func inASmallRoomJoinsAreAnnouncedAtOnce() {
        var relay = RelayHarness(RelaySettings(presenceBatchThreshold: 10))
        let alice = relay.framedClient("alice")
        _ = relay.framedClient("bob")
        #expect(joinedNicks(relay.take(alice)) == ["bob"])
    }

    @Test func inABigRoomJoinsWaitForTheTickOrTheNextMessage() {
        var relay = RelayHarness(RelaySettings(presenceBatchThreshold: 2))
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        _ = relay.take(alice)
        _ = relay.framedClient("carol")
        _ = relay.framedClient("dave")
        #expect(joinedNicks(relay.take(alice)).isEmpty)
        relay.advance(200)
        #expect(joinedNicks(relay.take(alice)) == ["bob", "carol", "dave"])

        let erin = relay.framedClient("erin")
        relay.submit(erin, key: 1, "hi")  // the JOINED goes out before erin's message
        let seen = relay.take(bob).filter { if case .joined = $0 { return true }; if case .chat = $0 { return true }; return false }
        #expect(seen.count == 4)
        guard seen.count == 4, case .joined(let joined) = seen[2], case .chat(let chat) = seen[3] else { return }
        #expect(joined.nick == "erin")
        #expect(chat.text == "hi")
    }
}
