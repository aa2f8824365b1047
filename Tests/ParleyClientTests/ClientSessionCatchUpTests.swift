import ParleyClient
import ParleyClientCore
import ParleyRelay
import ParleyStoreModel
import ParleyTestSupport
import ParleyWire
import Testing

/// A client away while 10,000 messages were said, across a restart of a relay with a store:
/// it catches up on every one the relay keeps, each once, or is told how many are gone.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClientSessionCatchUpTests {
    typealias Observed = ClientSessionTests.Observed
    static let missed = 10_000

    /// ada is in `#lobby`; her relay stops; on another relay over the same store bob says
    /// `missed` messages; then a relay over that store comes back on ada's port, and she resumes.
    static func awayDuringAFlood(history: Int) async throws -> (ada: Observed, relay: RelayFixture) {
        let store = MemoryStore(retention: StoreRetention(messagesPerRoom: history, submissions: 1000, tokens: 1000))
        var relay = try RelayFixture(rate: 0, history: history, storage: try RelayStorage(store))
        let port = relay.port
        let ada = Observed(address: ClientSessionRoomsTests.address(relay), nick: "ada", reconnectDelay: 200)
        ada.session.start()
        try await ada.wait(until: ClientSessionRoomsTests.shows("as ada"))
        ada.session.submit("before")
        try await ada.wait { _ in ada.state.windows[.room(RoomName.lobby)]?.cursor == 1 }
        relay.stop()
        try await ada.wait(until: ClientSessionRoomsTests.shows("disconnected"))

        let elsewhere = try RelayFixture(rate: 0, history: history, storage: try RelayStorage(store))
        let bob = try FramedPeer(port: elsewhere.port, nick: "bob")
        try #require(try bob.joined())
        var sent = 0
        var echoes = 0
        var read = 0
        let deadline = TestClock.seconds() + 60
        while echoes < missed && TestClock.seconds() < deadline {
            // A Parley client's window: 32 messages unacknowledged at most.
            while sent < missed && sent - echoes < 32 {
                try bob.say("m\(sent + 1)")
                sent += 1
            }
            try bob.pump(timeout: 0.01)
            // Counted as they come (bob's `echoed` would scan everything received each time).
            while read < bob.received.count {
                if case .chat(let chat) = bob.received[read], chat.from == "bob" { echoes += 1 }
                read += 1
            }
        }
        try #require(echoes == missed)
        bob.close()
        elsewhere.stop()

        relay = try RelayFixture(port: port, rate: 0, history: history, storage: try RelayStorage(store))
        return (ada, relay)
    }

    @Test func aClientAwayFor10000MessagesGetsEveryOneOfThemOnceAfterARestart() async throws {
        let (ada, relay) = try await Self.awayDuringAFlood(history: 20_000)
        defer {
            ada.stop()
            relay.stop()
        }
        let lastID = UInt64(Self.missed + 1)
        try await ada.wait(timeout: .seconds(60)) { _ in ada.state.windows[.room(RoomName.lobby)]?.cursor == lastID }
        let shown = ada.effects.withLock { effects in
            effects.compactMap { effect -> String? in
                guard case .append(let entry, _) = effect, entry.text.hasPrefix("m") else { return nil }
                return entry.text
            }
        }
        #expect(shown.count == Self.missed)
        #expect(shown == (1...Self.missed).map { "m\($0)" })
        let notices = ada.effects.withLock { $0 }.filter { if case .append(let e, _) = $0 { e.text.contains("no longer kept") } else { false } }
        #expect(notices.isEmpty)
        #expect(ada.state.epoch != 0)
    }

    @Test func aClientAwayForMoreThanTheRelayKeepsIsToldHowManyAreGone() async throws {
        let (ada, relay) = try await Self.awayDuringAFlood(history: 1000)
        defer {
            ada.stop()
            relay.stop()
        }
        let lastID = UInt64(Self.missed + 1)
        try await ada.wait(timeout: .seconds(60)) { _ in ada.state.windows[.room(RoomName.lobby)]?.cursor == lastID }
        try await ada.wait(until: ClientSessionRoomsTests.shows("9000 messages said here while you were away are no longer kept"))
        let shown = ada.effects.withLock { effects in
            effects.compactMap { effect -> String? in
                guard case .append(let entry, _) = effect, entry.text.hasPrefix("m") else { return nil }
                return entry.text
            }
        }
        #expect(shown == (9001...Self.missed).map { "m\($0)" })
    }
}
