import Dispatch
import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// A live relay on 127.0.0.1 (port 0, in this process) with three well-behaved clients
/// connected throughout: two framed TCP clients and one over the UDP link. They chat while a
/// test attacks the relay; `verify()` then checks that the relay is alive, that the
/// well-behaved clients lost nothing, and that the relay's connections, peers, descriptors and
/// memory are back where they started.
final class RelayUnderAttack {
    let relay: RelayServer
    let log: RelayLog
    let port: Int
    let configuration: RelayConfiguration
    let watchers: [ParleyPeer & TestPeer]
    private(set) var baseline = Resources(descriptors: 0, residentBytes: 0, relaySockets: 0, clientSockets: 0)
    /// TCP sockets on the relay's port that the relay and the watchers hold between attacks.
    private var expectedSockets = (local: 0, remote: 0)
    private var closed = false
    private var lastChat = 0.0
    private var nextSpeaker = 0
    private var lines = 0

    /// How often, in seconds, one of the watchers says something while an attack runs.
    var chatInterval = 0.1
    /// Called on the test's thread after every round of pumping (to publish the watchers' progress).
    var afterEachStep: (() -> Void)?

    /// Starts the relay (quiet, with a stats line on every tick) and joins the watchers.
    init(_ configure: (inout RelayConfiguration) -> Void = { _ in }) throws {
        var configuration = RelayConfiguration(host: "127.0.0.1", port: 0, statsInterval: .milliseconds(200), logLevel: .info, shutdownGrace: .milliseconds(300))
        configure(&configuration)
        self.configuration = configuration
        log = RelayLog()
        relay = RelayServer(configuration: configuration, logger: log.logger())
        try relay.start()
        port = relay.port
        do {
            watchers = [
                try FramedPeer(port: port, nick: "alice"),
                try FramedPeer(port: port, nick: "bob"),
                try LinkPeer(port: port, nick: "carol"),
            ]
        } catch {
            relay.shutdown()
            throw error
        }
        let peers = watchers.map { $0 as any TestPeer }
        guard try pump(peers, timeout: 10, until: { watchers.allSatisfy { $0.welcome != nil } }) else {
            close()
            throw LoopbackSocket.Failure(description: "the watchers could not join")
        }
        // The relay's sockets are known: its listener and one per framed watcher. A relay that
        // held this port a moment ago may still be closing its own; wait for them to go.
        expectedSockets = (local: 1 + watcherPeers["tcp", default: 0], remote: watcherPeers["tcp", default: 0])
        guard try settle(timeout: 10) else {
            close()
            throw LoopbackSocket.Failure(description: "the relay did not settle before the attack: \(Resources.measure(relayPort: port))")
        }
        baseline = Resources.measure(relayPort: port)
    }

    deinit { close() }

    var everyone: [any TestPeer] { watchers.map { $0 as any TestPeer } }

    /// The relay's peer counts the watchers account for.
    var watcherPeers: [String: Int] { ["tcp": 2, "udp": 1, "line": 0] }

    /// Waits until the relay reports only the watchers and no pending connection, and holds
    /// exactly the TCP sockets they account for.
    @discardableResult
    func settle(timeout: Double) throws -> Bool {
        let reportsBefore = log.snapshot.reports
        return try pump(everyone, timeout: timeout) {
            let snapshot = log.snapshot
            guard snapshot.reports > reportsBefore + 1, snapshot.pending == 0, snapshot.peers == watcherPeers else { return false }
            let now = Resources.tcpSockets(port: port)
            return now.local == expectedSockets.local && now.remote == expectedSockets.remote
        }
    }

    /// Pumps the watchers for `seconds`, chatting every `chatInterval`.
    func chat(for seconds: Double) throws {
        let deadline = TestClock.seconds() + seconds
        while TestClock.seconds() < deadline { try step() }
    }

    /// Pumps the watchers (and chats) until `condition` holds or `timeout` passes.
    @discardableResult
    func chat(timeout: Double, until condition: () -> Bool) throws -> Bool {
        let deadline = TestClock.seconds() + timeout
        while !condition() {
            if TestClock.seconds() >= deadline { return condition() }
            try step()
        }
        return true
    }

    private func step() throws {
        let now = TestClock.seconds()
        if now - lastChat >= chatInterval {
            lastChat = now
            let speaker = watchers[nextSpeaker % watchers.count]
            nextSpeaker += 1
            lines += 1
            if !speaker.isClosedByRelay { try speaker.say("line \(lines) from \(speaker.nick)") }
        }
        for watcher in watchers where !watcher.isClosedByRelay { try watcher.pump(timeout: 0.002) }
        afterEachStep?()
    }

    /// Runs `attack` on another thread while the watchers keep chatting; returns its result.
    ///
    /// The attack must bound itself in time; `timeout` only stops the waiting (and fails).
    func during<T: Sendable>(timeout: Double, _ attack: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Outcome<T>()
        DispatchQueue.global().async { outcome.set(Result { try attack() }) }
        guard try chat(timeout: timeout, until: { outcome.isSet }) else {
            throw LoopbackSocket.Failure(description: "the attack did not finish within \(timeout) s")
        }
        return try outcome.get()
    }

    /// The checks every hostile-peer test ends with.
    ///
    /// The watchers are in the lobby only, so they see its messages and no private one (private
    /// messages have a sequence of their own).
    func verify(sourceLocation: SourceLocation = #_sourceLocation) throws {
        // 1. The relay is alive: a fresh client joins and chats, and everyone hears it.
        let fresh = try FramedPeer(port: port, nick: "fresh")
        #expect(try fresh.joined(), "a fresh client could not join after the attack", sourceLocation: sourceLocation)
        let request = try fresh.say("still here")
        let heard = try pump(everyone + [fresh], timeout: 10) {
            fresh.echoed.contains(request) && watchers.allSatisfy { $0.chats.contains { $0.from == fresh.givenNick && $0.request == request } }
        }
        #expect(heard, "a fresh client's message did not reach everyone", sourceLocation: sourceLocation)
        try fresh.send(.bye("done"))
        _ = try pump([fresh], timeout: 2) { fresh.isClosedByRelay }
        fresh.close()

        // 2. Nothing was lost: every watcher's message came back to it, every watcher saw every
        // lobby id, in order, without a gap, and heard every other watcher.
        for watcher in watchers {
            #expect(!watcher.isClosedByRelay, "\(watcher.nick) was disconnected", sourceLocation: sourceLocation)
            #expect(watcher.errors.isEmpty, "\(watcher.nick) got errors: \(watcher.errors)", sourceLocation: sourceLocation)
        }
        let lastID = { self.watchers.map { $0.lastSeenID(in: RoomName.lobby) }.max() ?? 0 }
        let complete = try pump(everyone, timeout: 10) {
            let last = lastID()
            return watchers.allSatisfy { watcher in
                watcher.echoed.isSuperset(of: watcher.submitted)
                    && watcher.chats(in: RoomName.lobby).map(\.id) == Array(1...max(1, last))
                    && watchers.allSatisfy { other in
                        Set(watcher.chats.filter { $0.from == other.givenNick }.map(\.request)).isSuperset(of: other.submitted)
                    }
            }
        }
        let last = lastID()
        #expect(complete, "not every watcher's message came back to it", sourceLocation: sourceLocation)
        for watcher in watchers {
            let ids = watcher.chats(in: RoomName.lobby).map(\.id)
            #expect(ids == Array(1...max(1, last)), "\(watcher.nick) saw ids with gaps or repeats (\(ids.count) of \(last))", sourceLocation: sourceLocation)
            #expect(watcher.privateChats.isEmpty, "\(watcher.nick) received private messages: \(watcher.privateChats.prefix(3))", sourceLocation: sourceLocation)
            for other in watchers where other !== watcher {
                let heard = Set(watcher.chats.filter { $0.from == other.givenNick }.map(\.request))
                #expect(heard.isSuperset(of: other.submitted), "\(watcher.nick) missed messages of \(other.nick)", sourceLocation: sourceLocation)
            }
        }

        // 3. The relay is back to its baseline: only the watchers, no pending connection, the
        // same sockets, and (within slack) the same descriptors and memory.
        let settled = try settle(timeout: 10)
        let after = Resources.measure(relayPort: port)
        let snapshot = log.snapshot
        #expect(settled, "the relay did not return to its baseline: \(snapshot.peers), pending \(snapshot.pending); \(after) vs \(baseline)", sourceLocation: sourceLocation)
        #expect(after.relaySockets == baseline.relaySockets, "relay sockets \(after.relaySockets), were \(baseline.relaySockets)", sourceLocation: sourceLocation)
        #expect(after.clientSockets == baseline.clientSockets, "client sockets \(after.clientSockets), were \(baseline.clientSockets)", sourceLocation: sourceLocation)
        // Other test targets may run alongside and hold descriptors of their own: allow some.
        #expect(after.descriptors <= baseline.descriptors + 32, "descriptors \(after.descriptors), were \(baseline.descriptors)", sourceLocation: sourceLocation)
        if Resources.sanitizer != "address" {
            let growth = after.residentBytes - baseline.residentBytes
            #expect(growth < 64 << 20, "resident memory grew by \(growth >> 10) KiB", sourceLocation: sourceLocation)
        }
        #expect(snapshot.errors.isEmpty, "the relay logged errors: \(snapshot.errors)", sourceLocation: sourceLocation)
        print("hardening: \(Test.current?.name ?? "?"): \(last) messages; before \(baseline); after \(after)")
    }

    /// Says goodbye, closes the watchers and stops the relay.
    func close() {
        guard !closed else { return }
        closed = true
        for watcher in watchers {
            if let framed = watcher as? FramedPeer { framed.close() }
            if let link = watcher as? LinkPeer { try? link.close() }
        }
        relay.shutdown()
    }
}

/// The result of work done on another thread.
final class Outcome<T: Sendable>: Sendable {
    /// Guarded by its own lock.
    private let state = Locked<Result<T, any Error>?>(nil)

    func set(_ result: Result<T, any Error>) {
        state.withLock { $0 = result }
    }

    var isSet: Bool { state.withLock { $0 != nil } }

    func get() throws -> T {
        guard let result = state.withLock({ $0 }) else { throw LoopbackSocket.Failure(description: "no result yet") }
        return try result.get()
    }
}
