import ParleyFaultProxy
import Testing

/// The `parley` program over the reliable UDP link, through the fault-injecting proxy.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct UDPTransportTests {
    @Test func twoClientsChatOverUDPWithTwentyPercentLoss() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let proxy = try FaultProxy.started(towards: relay, loss: 0.2)
        defer { proxy.stop() }
        let bob = try ParleyProcess("bob", ["--udp", "--nick", "bob", "--history", "0", proxy.address])
        defer { bob.kill() }
        try await bob.expectLine(containing: "over udp as bob", timeout: .seconds(15))
        let alice = try ParleyProcess("alice", ["--udp", "--nick", "alice", "--history", "0", proxy.address])
        defer { alice.kill() }
        try await alice.expectLine(containing: "over udp as alice", timeout: .seconds(15))

        let sent = (1...12).map { "message \($0) over a lossy link" }
        for text in sent { alice.send(text) }
        try await bob.expectLine(containing: "<alice> \(sent.last!)", timeout: .seconds(20))
        alice.closeInput()
        #expect(await alice.exitCode(within: .seconds(15)) == 0, "alice:\n\(alice.transcript)")
        #expect(bob.messages(from: "alice") == sent)
        #expect(alice.messages(from: "alice") == sent)
        #expect(proxy.counters.upstream.dropped + proxy.counters.downstream.dropped > 0)
    }

    @Test func aClientCutOffReconnectsAndSeesExactlyWhatItMissed() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let proxy = try FaultProxy.started(towards: relay)
        defer { proxy.stop() }
        let watcher = try ParleyProcess(
            "watcher",
            ["--udp", "--nick", "watcher", "--history", "0", "--link-timeout", "2", "--reconnect-delay", "0.2", proxy.address])
        defer { watcher.kill() }
        try await watcher.expectLine(containing: "over udp as watcher")
        let talker = try ParleyProcess("talker", ["--nick", "talker", "--history", "0", relay.address])
        defer { talker.kill() }
        try await talker.expectLine(containing: "as talker")

        talker.send("before")
        try await watcher.expectLine(containing: "<talker> before")
        proxy.setBlackhole(true)
        for index in 1...3 { talker.send("during \(index)") }
        try await talker.expectLine(containing: "<talker> during 3")
        try await watcher.expectLine(containing: "-!- disconnected (", timeout: .seconds(10))
        proxy.setBlackhole(false)
        try await watcher.expectLine(containing: "-!- reconnected to", timeout: .seconds(15))
        try await watcher.expectLine(containing: "<talker> during 3")
        talker.send("after")
        try await watcher.expectLine(containing: "<talker> after")

        #expect(watcher.messages(from: "talker") == ["before", "during 1", "during 2", "during 3", "after"])
        talker.closeInput()
        watcher.closeInput()
        #expect(await talker.exitCode(within: .seconds(10)) == 0)
        #expect(await watcher.exitCode(within: .seconds(10)) == 0)
    }
}
