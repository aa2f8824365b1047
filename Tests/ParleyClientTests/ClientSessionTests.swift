import Dispatch
import ParleyClient
import ParleyClientCore
import ParleyWire
import Testing

/// `ClientSession` in this process, on a private queue, against a real relay.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ClientSessionTests {
    /// A session with an observer that records every effect.
    final class Observed: Sendable {
        let session: ClientSession
        let effects = Locked<[ClientEffect]>([])

        init(address: RelayAddress, nick: String, transport: Transport = .tcp) {
            let client = ClientConfiguration(nick: nick, transport: transport, history: 0, seed: 1)
            session = ClientSession(
                configuration: ClientSessionConfiguration(address: address, client: client),
                queue: DispatchQueue(label: "test.session.\(nick)"))
            session.setObserver { [effects] batch in effects.withLock { $0 += batch } }
        }

        /// Reads the state on the session's queue.
        var state: ClientStateMachine { session.queue.sync { session.state } }

        /// Waits until `condition` holds for the recorded effects.
        func wait(
            timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
            until condition: ([ClientEffect]) -> Bool
        ) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                // Copy out first: the condition may read `state`, which waits for the session queue,
                // whose observer may be waiting for this lock.
                if condition(effects.withLock { $0 }) { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
            throw ParleyProcessError.timedOut
        }

        func stop() {
            let done = DispatchSemaphore(value: 0)
            session.stop { done.signal() }
            _ = done.wait(timeout: .now() + 5)
        }
    }

    @Test(arguments: [Transport.tcp, .udp])
    func aSubmittedMessageGoesFromPendingToDelivered(transport: Transport) async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let client = Observed(address: RelayAddress(host: "127.0.0.1", port: UInt16(relay.port)), nick: "ada", transport: transport)
        defer { client.stop() }
        client.session.start()
        try await client.wait { $0.contains(.statusChanged) && $0.contains { if case .append(let e) = $0 { e.text.contains("as ada") } else { false } } }
        #expect(client.state.status.link.isConnected)
        #expect(client.state.status.transport == transport)
        client.session.submit("hello")
        try await client.wait { effects in effects.contains { if case .update(let e) = $0 { e.delivery == .delivered } else { false } } }
        let status = client.state.status
        #expect(status.pendingCount == 0 && status.failedCount == 0)
        #expect(client.state.scrollback.last?.text == "hello")
        #expect(client.state.scrollback.last?.delivery == .delivered)
        if transport == .udp { #expect(status.linkQuality != nil) }
    }

    @Test func connectsOverIPv6Loopback() async throws {
        let relay: RelayFixture
        do {
            relay = try RelayFixture(host: "::1")
        } catch {
            return  // no IPv6 loopback on this machine: nothing to test
        }
        defer { relay.stop() }
        let address = try RelayAddress(parsing: "[::1]:\(relay.port)")
        let client = Observed(address: address, nick: "six")
        defer { client.stop() }
        client.session.start()
        try await client.wait { $0.contains { if case .append(let e) = $0 { e.text.contains("connected to [::1]:\(relay.port) over tcp as six") } else { false } } }
    }

    @Test func statusShowsReconnectingWithTheReasonWhenNoRelayListens() async throws {
        let relay = try RelayFixture()
        let port = UInt16(relay.port)
        relay.stop()
        let client = Observed(address: RelayAddress(host: "127.0.0.1", port: port), nick: "lonely")
        defer { client.stop() }
        client.session.start()
        try await client.wait { _ in
            if case .reconnecting(_, _, let reason) = client.state.link { return reason.contains("Connection refused") }
            return false
        }
    }
}
