import Foundation
import ParleyTestSupport
import ParleyWire
import Testing

/// The relay keeps what it acknowledged: real `parley-relay` processes on a data directory,
/// stopped with SIGTERM or killed with SIGKILL in the middle of a flood, and started again.
@Suite(.serialized) struct DurabilityTests {
    @Test func aRelayRestartedAfterSIGTERMGoesOnWithItsIDsHistoryTopicAndPrivateMessages() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = scratch.path + "/data"
        var relay = try RelayProcess(dataDirectory: data)
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        try #require(try alice.joined() && bob.joined())
        for n in 1...20 { try alice.say("before \(n)") }
        try alice.send(.topic(TopicRequest(request: alice.makeRequestID(), room: RoomName.lobby, newTopic: "kept across restarts")))
        try alice.say("for bob only", to: .user("bob"))
        for peer in [alice, bob] { try peer.join("#dev") }
        try #require(try pump([alice, bob], timeout: 10) { alice.entered("#dev") != nil && bob.entered("#dev") != nil })
        for n in 1...5 { try alice.say("dev \(n)", to: .room("#dev")) }
        try #require(try pump([alice, bob], timeout: 10) { alice.echoed.count == 26 && bob.chats.count == 26 })
        let epoch = try #require(bob.welcome?.epoch)
        let token = try #require(bob.welcome?.resumeToken)
        // A room made later numbers its messages after every id stamped so far.
        let devCursor = try #require(bob.chats(in: "#dev").first { $0.text == "dev 2" }?.id)
        alice.close()
        bob.close()
        relay.stop()

        relay = try RelayProcess(dataDirectory: data)
        let back = try FramedPeer(
            port: relay.port, nick: "bob", rooms: [RoomCursor(room: RoomName.lobby, after: 10), RoomCursor(room: "#dev", after: devCursor)],
            epoch: epoch, resumeToken: token)
        try #require(try back.waitUntil(timeout: 10) { back.replay(in: RoomName.lobby) != nil && back.replay(in: "#dev") != nil })
        #expect(back.welcome?.epoch == epoch)
        #expect(back.entered(RoomName.lobby)?.resume == .complete)
        #expect(back.entered(RoomName.lobby)?.topic == "kept across restarts")
        #expect(back.replay(in: RoomName.lobby)?.map(\.id) == Array(11...20))
        #expect(back.replay(in: RoomName.lobby)?.map(\.text) == (11...20).map { "before \($0)" })
        #expect(back.privateChats.map(\.text) == ["for bob only"])
        #expect(back.entered("#dev")?.resume == .complete)
        #expect(back.replay(in: "#dev")?.map(\.text) == ["dev 3", "dev 4", "dev 5"])

        let request = try back.say("after the restart")
        try #require(try back.waitUntil(timeout: 10) { back.echoed.contains(request) })
        #expect(back.chats(in: RoomName.lobby).last?.id == 21)
        back.close()
        relay.stop()
    }

    @Test func aRelayKilledMidFloodKeepsEveryAcknowledgedMessageExactlyOnce() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = scratch.path + "/data"
        let total = 3000
        var relay = try RelayProcess(dataDirectory: data, arguments: ["--history-max", "10000"])
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        try #require(try alice.joined())
        // alice floods as a Parley client does: at most 32 messages unacknowledged at once.
        var texts: [UInt64: String] = [:]
        var sent: [UInt64] = []
        func topUp(_ peer: FramedPeer) throws {
            while sent.count < total && sent.count - peer.echoed.intersection(sent).count < Limits.maxSubmitsInFlight {
                let text = "flood \(sent.count)"
                let request = try peer.say(text)
                texts[request] = text
                sent.append(request)
            }
        }
        try topUp(alice)
        let deadline = TestClock.seconds() + 30
        while alice.echoed.count < 500 && TestClock.seconds() < deadline {
            try alice.pump(timeout: 0.01)
            try topUp(alice)
        }
        try #require(alice.echoed.count >= 500)
        relay.killNine()
        // What was acknowledged before the kill may still be in the socket: read it all.
        try alice.waitUntil(timeout: 5) { alice.isClosedByRelay }
        let acknowledged = Dictionary(alice.chats.filter { $0.from == "alice" }.map { ($0.request, $0.id) }, uniquingKeysWith: { first, _ in first })
        let inFlight = sent.filter { acknowledged[$0] == nil }
        #expect(inFlight.count <= Limits.maxSubmitsInFlight)
        let epoch = try #require(alice.welcome?.epoch)

        relay = try RelayProcess(dataDirectory: data, arguments: ["--history-max", "10000"])
        let check = try FramedPeer(port: relay.port, nick: "alice", history: Hello.allHistory, epoch: epoch, request: 1_000_000)
        try #require(try check.waitUntil(timeout: 10) { check.replay(in: RoomName.lobby) != nil })
        let stored = try #require(check.replay(in: RoomName.lobby))
        #expect(stored.map(\.id) == Array(1...UInt64(stored.count)))
        #expect(Set(stored.map(\.request)).count == stored.count)
        let storedIDs = Dictionary(stored.map { ($0.request, $0.id) }, uniquingKeysWith: { first, _ in first })
        for (request, id) in acknowledged { #expect(storedIDs[request] == id, "acknowledged \(request) as \(id)") }

        // alice's client sends again what it has no echo for: a message stored before the kill
        // (its echo lost with the connection) is echoed with its original id, not stored twice.
        for request in inFlight { try check.say(texts[request]!, request: request) }
        try #require(try check.waitUntil(timeout: 30) { check.echoed.isSuperset(of: inFlight) })
        for request in inFlight where storedIDs[request] != nil {
            #expect(check.chats.last { $0.request == request }?.id == storedIDs[request])
        }
        // Then the rest of the flood, never sent before the kill.
        var next = texts.count
        while next < total {
            let text = "flood \(next)"
            let request = try check.say(text)
            texts[request] = text
            next += 1
            if next % Limits.maxSubmitsInFlight == 0 { try check.waitUntil(timeout: 10) { check.echoed.contains(request) } }
        }
        try #require(try check.waitUntil(timeout: 30) { check.echoed.isSuperset(of: texts.keys) })

        let final = try FramedPeer(port: relay.port, nick: "carol", history: Hello.allHistory)
        try #require(try final.waitUntil(timeout: 10) { final.replay(in: RoomName.lobby) != nil })
        let everything = try #require(final.replay(in: RoomName.lobby))
        #expect(everything.count == total)
        #expect(Set(everything.map(\.request)) == Set(texts.keys))
        #expect(Set(everything.map(\.text)).count == total)
        #expect(everything.map(\.id) == Array(1...UInt64(total)))
        check.close()
        final.close()
        relay.stop()
    }

    @Test func aFullDiskRefusesNewMessagesClearlyKeepsServingAndRecovers() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // A filesystem of its own, 4 MiB, so that the test fills it and not the machine's.
        let mount = try SmallFilesystem(at: scratch.path, megabytes: 4)
        defer { mount.unmount() }
        let data = scratch.path + "/data"
        var relay = try RelayProcess(dataDirectory: data)
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        try #require(try alice.joined())
        // Leave about 256 KiB free.
        let ballast = scratch.path + "/ballast"
        try mount.fill(ballast, leaving: 256 * 1024)

        let text = String(repeating: "x", count: 4000)
        var refused: UInt64?
        for _ in 0..<400 {
            let request = try alice.say(text)
            try #require(try alice.waitUntil(timeout: 10) { alice.echoed.contains(request) || !alice.errors(for: request).isEmpty })
            if let error = alice.errors(for: request).first {
                #expect(error.code == .storageUnavailable)
                #expect(error.text == "the relay cannot store messages right now; this message was not sent")
                refused = request
                break
            }
        }
        let refusedRequest = try #require(refused, "the disk never filled")
        let acknowledged = alice.chats.filter { $0.from == "alice" }
        // The relay logs the failure as it refuses; its log is a file, read until the line is there.
        try #require(try alice.waitUntil(timeout: 10) { relay.log.contains("store write failed") })

        // The relay still serves: alice is still connected, and a newcomer gets in.
        let bob = try FramedPeer(port: relay.port, nick: "bob")
        try #require(try bob.joined(timeout: 10))
        #expect(!alice.isClosedByRelay)

        // Space comes back: the same message goes through, with the next id. (A write that was
        // already on its way to the full disk, bob's resume token say, may still fail and take a
        // message sent meanwhile with it: like a person, alice tries again after a refusal.)
        try FileManager.default.removeItem(atPath: ballast)
        for _ in 0..<50 where !alice.echoed.contains(refusedRequest) {
            let refusals = alice.errors(for: refusedRequest).count
            try alice.say(text, request: refusedRequest)
            try #require(
                try alice.waitUntil(timeout: 10) {
                    alice.echoed.contains(refusedRequest) || alice.errors(for: refusedRequest).count > refusals
                })
            if !alice.echoed.contains(refusedRequest) { try alice.pump(for: 0.1) }
        }
        try #require(alice.echoed.contains(refusedRequest))
        #expect(alice.chats.last?.id == UInt64(acknowledged.count + 1))
        try #require(try pump([alice, bob], timeout: 10) { relay.log.contains("store writes work again") })
        alice.close()
        bob.close()
        relay.stop()

        // Nothing is corrupt: a new relay opens the database and has every acknowledged message.
        relay = try RelayProcess(dataDirectory: data)
        let check = try FramedPeer(port: relay.port, nick: "carol", history: Hello.allHistory)
        try #require(try check.waitUntil(timeout: 10) { check.replay(in: RoomName.lobby) != nil })
        #expect(check.replay(in: RoomName.lobby)?.count == acknowledged.count + 1)
        check.close()
        relay.stop()
    }

    // MARK: Start-up errors

    @Test func aCorruptDatabaseStopsTheRelayWithAClearError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let garbage = Data(String(repeating: "this is not a database\n", count: 400).utf8)
        try garbage.write(to: URL(fileURLWithPath: scratch.path + "/parley.sqlite"))
        let (status, output) = try RelayProcess.runToEnd(["--data-dir", scratch.path])
        #expect(status == 1)
        #expect(output.contains("is not a Parley database this relay can read"))
        #expect(!output.contains("Fatal error"))
        // The file is left as it was, for its owner to look at.
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/parley.sqlite")) == garbage)
    }

    @Test func aSecondRelayOnTheSameDataDirectoryIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let first = try RelayProcess(dataDirectory: scratch.path)
        let (status, output) = try RelayProcess.runToEnd(["--data-dir", scratch.path])
        #expect(status == 1)
        #expect(output.contains("another parley-relay is using the data directory \(scratch.path)"))
        first.stop()
        // Once the first has stopped, the directory is free again.
        let again = try RelayProcess(dataDirectory: scratch.path)
        again.stop()
    }

    @Test func aDataDirectoryThatCannotBeMadeIsAClearError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // A path below a regular file cannot be a directory, even for root (which ignores modes).
        try #require(FileManager.default.createFile(atPath: scratch.path + "/file", contents: Data("x".utf8)))
        let (status, output) = try RelayProcess.runToEnd(["--data-dir", scratch.path + "/file/data"])
        #expect(status == 1)
        #expect(output.contains("cannot use \(scratch.path)/file/data"))
        #expect(!output.contains("Fatal error"))
    }

    @Test func theDataDirectoryIsPrivateToItsOwner() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let data = scratch.path + "/state/parley"
        let relay = try RelayProcess(dataDirectory: data)
        relay.stop()
        #expect(try mode(of: data) == 0o700)
        #expect(try mode(of: data + "/parley.sqlite") == 0o600)
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
