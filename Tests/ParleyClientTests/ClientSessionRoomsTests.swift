import Dispatch
import ParleyClient
import ParleyClientCore
import ParleyTestSupport
import ParleyWire
import Testing

/// Rooms, windows and the history epoch, with `ClientSession`s against a real relay.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ClientSessionRoomsTests {
    typealias Observed = ClientSessionTests.Observed

    static func address(_ relay: RelayFixture) -> RelayAddress { RelayAddress(host: "127.0.0.1", port: UInt16(relay.port)) }

    /// Whether an appended line contains `text`.
    static func shows(_ text: String) -> ([ClientEffect]) -> Bool {
        { effects in effects.contains { if case .append(let entry, _) = $0 { entry.text.contains(text) } else { false } } }
    }

    /// Joins `room` and waits until the relay has entered the client there.
    static func join(_ client: Observed, _ room: String) async throws {
        client.session.submit("/join \(room)")
        try await client.wait { _ in client.state.windows[.room(room)]?.membership == .joined }
    }

    @Test func aMessageInABackgroundRoomShowsAsActivityAndAltAGoesThere() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let ada = Observed(address: Self.address(relay), nick: "ada")
        defer { ada.stop() }
        ada.session.start()
        try await ada.wait(until: Self.shows("as ada"))
        try await Self.join(ada, "#dev")
        try await Self.join(ada, "#ops")
        #expect(ada.state.windows.current.title == "#ops")
        let bob = Observed(address: Self.address(relay), nick: "bob")
        defer { bob.stop() }
        bob.session.start()
        try await bob.wait(until: Self.shows("as bob"))
        try await Self.join(bob, "#dev")
        bob.session.submit("anyone in dev?")
        try await ada.wait { _ in ada.state.windows[.room("#dev")]?.activity == .message }
        #expect(ada.state.status.windows.map(\.title) == ["#lobby", "#dev", "#ops"])
        #expect(ada.state.status.windows[1].unreadCount == 1)
        #expect(ada.state.windows[.room("#lobby")]?.activity == .joinPart)  // bob joined the lobby
        ada.session.select(.activity)
        try await ada.wait { _ in ada.state.windows.current.title == "#dev" }
        #expect(ada.state.windows.current.activity == .none)
        #expect(ada.state.windows.current.scrollback.last?.text == "anyone in dev?")
        #expect(ada.state.windows[.room("#ops")]?.unreadAfter != nil)
    }

    @Test func aRestartedRelayIsReportedOnceAndEveryRoomIsEnteredAgain() async throws {
        var relay = try RelayFixture()
        let port = relay.port
        defer { relay.stop() }
        let ada = Observed(address: Self.address(relay), nick: "ada", reconnectDelay: 100)
        defer { ada.stop() }
        ada.session.start()
        try await ada.wait(until: Self.shows("as ada"))
        try await Self.join(ada, "#dev")
        ada.session.submit("said before the restart")
        try await ada.wait { _ in ada.state.windows[.room("#dev")]?.cursor == 1 }
        let epoch = ada.state.epoch
        relay.stop()
        try await ada.wait(until: Self.shows("disconnected"))
        relay = try RelayFixture(port: port)
        try await ada.wait(until: Self.shows("reconnected to"))
        try await ada.wait { _ in ada.state.windows[.room("#dev")]?.membership == .joined }
        let effects = ada.effects.withLock { $0 }
        #expect(effects.count(where: { if case .append(let e, _) = $0 { e.text.contains("lost its history") } else { false } }) == 1)
        #expect(ada.state.epoch != epoch)
        #expect(ada.state.windows[.room("#dev")]?.cursor == 0)
        #expect(ada.state.windows.windows.map(\.title) == ["#lobby", "#dev"])
    }

    @Test func aRelayOfAnotherProtocolVersionIsNamedAsSuch() async throws {
        // What a relay of version 1 answers a client of version 2 (and what a v2 relay answers a v1 client).
        let server = try OneShotServer(reply: LegacyRefusal.stream)
        defer { server.stop() }
        let client = Observed(address: RelayAddress(host: "127.0.0.1", port: UInt16(server.port)), nick: "ada")
        defer { client.stop() }
        client.session.start()
        try await client.wait(until: Self.shows("the relay speaks protocol version 1; this client speaks 2"))
    }
}
