import Testing

/// The `parley` program in line mode against a real relay, over TCP.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LineModeTests {
    @Test func twoClientsChatOverTCP() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let bob = try ParleyProcess("bob", ["--nick", "bob", "--history", "0", relay.address])
        defer { bob.kill() }
        try await bob.expectLine(containing: "connected to \(relay.address) over tcp as bob")
        let alice = try ParleyProcess("alice", ["--nick", "alice", "--history", "0", relay.address])
        defer { alice.kill() }
        try await alice.expectLine(containing: "as alice")
        try await bob.expectLine(containing: "-!- alice joined (tcp)")

        alice.send("hello bob")
        alice.send("/me waves")
        try await bob.expectLine(containing: "] <alice> hello bob")
        try await bob.expectLine(containing: "] * alice waves")
        bob.send("hi alice")
        try await alice.expectLine(containing: "] <bob> hi alice")
        alice.send("/msg bob psst")
        try await bob.expectLine(containing: "] *alice* psst")
        try await alice.expectLine(containing: "] -> *bob* psst")

        alice.closeInput()
        #expect(await alice.exitCode(within: .seconds(10)) == 0)
        try await bob.expectLine(containing: "-!- alice left (quit)")
        bob.closeInput()
        #expect(await bob.exitCode(within: .seconds(10)) == 0)
        #expect(alice.messages(from: "alice") == ["hello bob"])
        #expect(bob.messages(from: "alice") == ["hello bob"])
    }

    @Test func aLineFromARoomOtherThanTheCurrentOneShowsItsRoom() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let ada = try ParleyProcess("ada", ["--nick", "ada", "--history", "0", relay.address])
        defer { ada.kill() }
        try await ada.expectLine(containing: "as ada")
        let bob = try ParleyProcess("bob", ["--nick", "bob", "--history", "0", relay.address])
        defer { bob.kill() }
        try await bob.expectLine(containing: "as bob")
        ada.send("/join #dev")
        try await ada.expectLine(containing: "-!- you joined #dev")
        bob.send("still in the lobby")
        try await ada.expectLine(containing: "] #lobby <bob> still in the lobby")
        bob.send("/join #dev")
        try await ada.expectLine(containing: "] -!- bob joined (tcp)")
        bob.send("now in dev")
        let line = try await ada.expectLine(containing: "<bob> now in dev")
        #expect(!line.contains("#dev"))
        ada.send("/query bob")
        ada.send("just between us")
        try await bob.expectLine(containing: "] *ada* just between us")
        ada.send("/close")
        ada.send("back in dev")
        try await bob.expectLine(containing: "] <ada> back in dev")
        ada.closeInput()
        #expect(await ada.exitCode(within: .seconds(10)) == 0)
        bob.closeInput()
        #expect(await bob.exitCode(within: .seconds(10)) == 0)
    }

    @Test func aFloodEndsInRateLimitedFailuresNotLostMessages() async throws {
        let relay = try RelayFixture(rate: 5, burst: 20)
        defer { relay.stop() }
        let flooder = try ParleyProcess("flooder", ["--nick", "flooder", "--history", "0", relay.address])
        defer { flooder.kill() }
        let count = 60
        for index in 1...count { flooder.send("flood \(index)") }
        flooder.closeInput()
        let code = await flooder.exitCode(within: .seconds(20))
        let delivered = flooder.messages(from: "flooder")
        // Most failures are the rate limit; on a slow machine the last few may instead run out
        // of the time the client gives its queue when input ends. Either way each is reported.
        let failed = flooder.lines.filter { $0.contains("-!- failed: ") }
        #expect(code == 1, "a session with failed messages exits non-zero; output:\n\(flooder.transcript)")
        #expect(failed.contains { $0.contains("-!- failed: rate limited") }, "output:\n\(flooder.transcript)")
        #expect(delivered.count >= 20, "the burst allowance is delivered")
        // Every message ended one way or the other, exactly once.
        let settled = delivered + failed.compactMap { $0.components(separatedBy: "<flooder> ").last }
        #expect(settled.count == count, "output:\n\(flooder.transcript)")
        #expect(Set(settled) == Set((1...count).map { "flood \($0)" }))
    }

    /// At most 32 messages are in flight at once (PROTOCOL.md §3.2); the rest go out as earlier
    /// ones are echoed, so a long pipe is still sent whole and in order before the client exits.
    @Test func aLongPipedInputIsDeliveredWholeOnceAndInOrderThenExitsZero() async throws {
        let relay = try RelayFixture(rate: 0)
        defer { relay.stop() }
        let reader = try ParleyProcess("reader", ["--nick", "reader", "--history", "0", relay.address])
        defer { reader.kill() }
        try await reader.expectLine(containing: "as reader")
        let writer = try ParleyProcess("writer", ["--nick", "writer", "--history", "0", relay.address])
        defer { writer.kill() }
        let texts = (1...500).map { "line \($0)" }
        for text in texts { writer.send(text) }
        writer.closeInput()
        #expect(await writer.exitCode(within: .seconds(20)) == 0, "output:\n\(writer.transcript)")
        #expect(writer.messages(from: "writer") == texts)
        try await reader.expectLine(containing: "] <writer> line 500")
        #expect(reader.messages(from: "writer") == texts)
    }

    @Test func hostileTextArrivesDefused() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let reader = try ParleyProcess("reader", ["--nick", "reader", "--history", "0", relay.address])
        defer { reader.kill() }
        try await reader.expectLine(containing: "as reader")
        let writer = try ParleyProcess("writer", ["--nick", "writer", relay.address])
        defer { writer.kill() }
        writer.send("evil \u{1B}[2J\u{1B}]0;owned\u{07} \u{202E}reversed")
        writer.closeInput()
        let line = try await reader.expectLine(containing: "<writer> evil")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x202E })
        #expect(line.contains("␛[2J"))
        #expect(await writer.exitCode(within: .seconds(10)) == 0)
    }

    @Test func tooLongFailsAtOnceAndTheExitCodeSaysSo() async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let client = try ParleyProcess("client", ["--nick", "client", relay.address])
        defer { client.kill() }
        client.send(String(repeating: "x", count: 5000))
        client.send("short")
        client.closeInput()
        #expect(await client.exitCode(within: .seconds(10)) == 1)
        #expect(client.lines.contains { $0.contains("-!- failed: too long: 5000 bytes, the limit is 4096") })
        #expect(client.messages(from: "client") == ["short"])
    }

    @Test func withNoRelayPendingMessagesFailAfterTheDrainTimeout() async throws {
        // A port with nothing behind it: take a relay's port, then stop the relay.
        let relay = try RelayFixture()
        let address = relay.address
        relay.stop()
        let client = try ParleyProcess("client", ["--nick", "client", "--drain-timeout", "1.5", address])
        defer { client.kill() }
        client.send("into the void")
        client.closeInput()
        #expect(await client.exitCode(within: .seconds(10)) == 1)
        #expect(client.lines.contains { $0.contains("-!- failed: not delivered within 1.5s — <client> into the void") })
        #expect(client.lines.contains { $0.contains("Connection refused") })
    }
}
