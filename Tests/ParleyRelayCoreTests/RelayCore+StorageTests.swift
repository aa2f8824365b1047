import ParleyStoreModel
import ParleyWire
import Testing

@testable import ParleyRelayCore

/// A durable relay: what it asks the store to keep, and that nobody sees a message before its
/// store write has committed.
@Suite struct RelayCoreStorageTests {
    static let durable = RelaySettings(durable: true, rate: 0)

    @Test func aMessageIsDeliveredAndEchoedOnlyOnceItsWriteIsCommitted() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        let bob = relay.linkClient("bob")
        relay.commitStore()
        _ = relay.take(alice)
        _ = relay.take(bob)

        relay.submit(alice, key: 42, "kept")
        #expect(relay.chats(alice).isEmpty)
        #expect(relay.chats(bob).isEmpty)
        let chat = Chat(id: 1, time: relay.now, from: "alice", request: 42, text: "kept")
        #expect(relay.storeWrites.suffix(2) == [
            .message(room: RoomName.lobby, chat),
            .submission(nick: "alice", key: 42, room: RoomName.lobby, id: 1, time: relay.now),
        ])

        relay.commitStore()
        #expect(relay.take(alice) == [.chat(chat)])
        #expect(relay.take(bob) == [.chat(chat)])
        #expect(relay.lastID == 1)
    }

    @Test func commitsReleaseMessagesInOrderAndOnlyUpToTheirTicket() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        relay.commitStore()
        _ = relay.take(alice)
        relay.submit(alice, key: 1, "one")
        let first = relay.uncommitted
        relay.submit(alice, key: 2, "two")
        relay.run(.stored(through: first.last!, now: relay.now))
        #expect(relay.chats(alice).map(\.text) == ["one"])
        relay.commitStore()
        #expect(relay.chats(alice).map(\.text) == ["one", "two"])
        #expect(relay.chats(alice).map(\.id) == [1, 2])
    }

    @Test func aFailedWriteIsRefusedToItsSenderOnlyAndItsIDIsGivenAgain() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.commitStore()
        relay.submit(alice, key: 1, "one")
        relay.commitStore()
        _ = relay.take(alice)
        _ = relay.take(bob)

        relay.submit(alice, key: 2, "lost to a full disk")
        relay.submit(bob, key: 3, "this one too")
        relay.failStore("database or disk is full")
        #expect(relay.errors(alice).map(\.code) == [.storageUnavailable])
        #expect(relay.errors(alice).map(\.request) == [2])
        #expect(relay.errors(alice).first?.text == "the relay cannot store messages right now; this message was not sent")
        #expect(relay.errors(bob).map(\.request) == [3])
        #expect(relay.chats(alice).isEmpty && relay.chats(bob).isEmpty)
        #expect(relay.logs.contains(.storeFailed(reason: "database or disk is full", refused: 2)))
        #expect(relay.core.peerCount == 2)  // nobody is disconnected for it

        // Space comes back: the next message takes the id nobody saw.
        _ = relay.take(alice)
        _ = relay.take(bob)
        relay.submit(alice, key: 2, "lost to a full disk")
        relay.commitStore()
        #expect(relay.chats(bob).map(\.id) == [2])
        #expect(relay.chats(bob).map(\.text) == ["lost to a full disk"])
        #expect(relay.logs.last == .storeRecovered)
    }

    @Test func anAnswerFromAGenerationAlreadyFailedChangesNothing() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        relay.commitStore()
        relay.submit(alice, key: 1, "one")
        let stale = relay.uncommitted.last!
        relay.failStore()
        relay.run(.storeFailed(through: stale, reason: "again", now: relay.now))
        #expect(relay.errors(alice).count == 1)
        relay.submit(alice, key: 2, "two")
        relay.run(.stored(through: stale, now: relay.now))  // an old ticket: nothing of the new generation
        #expect(relay.chats(alice).isEmpty)
        relay.commitStore()
        #expect(relay.chats(alice).map(\.id) == [1])
    }

    @Test func aResubmissionWhileTheFirstIsBeingStoredIsDeliveredOnce() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.commitStore()
        _ = relay.take(bob)
        relay.submit(alice, key: 42, "once")
        // alice's connection drops before the commit; she comes back and sends it again.
        relay.run(.disconnected(alice, reason: .error, now: relay.now))
        let again = relay.framedClient("alice", history: 0)
        _ = relay.take(again)
        relay.submit(again, key: 42, "once")
        relay.commitStore()
        #expect(relay.chats(bob).map(\.text) == ["once"])
        #expect(relay.chats(again).map(\.request) == [42])
        #expect(relay.lastID == 1)
        // After the commit, a resubmission is only acknowledged again.
        _ = relay.take(again)
        _ = relay.take(bob)
        relay.submit(again, key: 42, "once")
        #expect(relay.chats(again).map(\.id) == [1])
        #expect(relay.chats(bob).isEmpty)
    }

    @Test func aPrivateMessageReachesBothSidesWhereverTheyAreWhenItCommits() {
        var relay = RelayHarness(Self.durable)
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.commitStore()
        relay.submit(alice, key: 5, "psst", to: "bob")
        relay.run(.disconnected(bob, reason: .error, now: relay.now))
        let token = relay.welcome(bob)!.resumeToken
        let bobAgain = relay.framedClient("bob", token: token)
        _ = relay.take(bobAgain)
        relay.commitStore()
        #expect(relay.chats(bobAgain).map(\.text) == ["psst"])
        #expect(relay.chats(alice).map(\.text) == ["psst"])
        #expect(relay.storeWrites.contains(.message(room: StoreWrite.privateRoom, relay.chats(alice)[0])))
    }

    @Test func topicsTokensSealsAndDroppedRoomsAreStored() {
        var relay = RelayHarness(RelaySettings(durable: true, rate: 0, maxRooms: 2))
        let alice = relay.framedClient("alice")
        let token = relay.welcome(alice)!.resumeToken
        #expect(relay.storeWrites.contains(.token(nick: "alice", token: token)))
        relay.send(alice, .topic(TopicRequest(request: 3, room: RoomName.lobby, newTopic: "welcome")))
        #expect(relay.storeWrites.contains(.topic(room: RoomName.lobby, name: RoomName.lobby, text: "welcome", setBy: "alice", time: relay.now)))
        relay.join(alice, "#old")
        relay.submit(alice, key: 1, "in the old room", room: "#old")
        relay.commitStore()
        relay.part(alice, "#old")
        relay.join(alice, "#new")  // the relay is at its limit: the empty #old makes way
        #expect(relay.storeWrites.suffix(2) == [.roomMessagesStamped(1), .dropRoom("#old")])
        relay.submit(alice, key: 2, "secret", to: "alice")
        relay.commitStore()
        relay.send(alice, .bye("done"))
        #expect(relay.storeWrites.suffix(3) == [.seal(nick: "alice"), .forgetSubmissions(nick: "alice"), .revokeToken(nick: "alice")])
    }

    @Test func aStoreTooFarBehindRefusesNewMessagesUntilItCatchesUp() {
        var relay = RelayHarness(RelaySettings(durable: true, maxAwaitingCommit: 2, rate: 0))
        let alice = relay.framedClient("alice")
        relay.commitStore()
        relay.submit(alice, key: 1, "one")
        relay.submit(alice, key: 2, "two")
        relay.submit(alice, key: 3, "three")
        #expect(relay.errors(alice).map(\.request) == [3])
        #expect(relay.errors(alice).map(\.code) == [.storageUnavailable])
        relay.commitStore()
        relay.submit(alice, key: 3, "three")
        relay.commitStore()
        #expect(relay.chats(alice).map(\.text) == ["one", "two", "three"])
        #expect(relay.chats(alice).map(\.id) == [1, 2, 3])
    }

    @Test func deliveringBeforeTheCommitStillEchoesOnlyAfterIt() {
        var relay = RelayHarness(RelaySettings(durable: true, deliversBeforeCommit: true, rate: 0))
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.commitStore()
        _ = relay.take(bob)
        relay.submit(alice, key: 1, "fast")
        #expect(relay.chats(bob).map(\.text) == ["fast"])
        #expect(relay.chats(alice).isEmpty)
        relay.commitStore()
        #expect(relay.chats(alice).map(\.text) == ["fast"])
        #expect(relay.chats(bob).count == 1)
        #expect(relay.lastID == 1)
    }

    @Test func anEphemeralRelayAsksForNoWrites() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        relay.submit(alice, key: 1, "hello")
        #expect(relay.storeWrites.isEmpty)
        #expect(relay.chats(alice).map(\.text) == ["hello"])
    }

    // MARK: Restoring

    static func snapshot(now: UInt64) -> StoreSnapshot {
        let lobby = (8...10).map { Chat(id: UInt64($0), time: now, from: "alice", request: UInt64(100 + $0), text: "m\($0)") }
        let secret = Chat(id: 4, time: now, from: "alice", to: .user("bob"), request: 200, text: "for bob")
        return StoreSnapshot(
            epoch: 0xE90C,
            roomMessagesStamped: 12,
            rooms: [
                StoredRoom(key: RoomName.lobby, name: RoomName.lobby, lastID: 10, topic: "kept", topicSetBy: "alice", topicTime: now, messages: lobby),
                StoredRoom(key: "#dev", name: "#Dev", lastID: 2, topic: "", messages: []),
                StoredRoom(key: "#quiet", name: "#quiet", lastID: 0, topic: "only a topic", topicSetBy: "bob", topicTime: now),
            ],
            privateLastID: 4,
            privateMessages: [StoredPrivateMessage(chat: secret)],
            submissions: [StoredSubmission(nick: "alice", key: 110, room: RoomName.lobby, id: 10, time: now)],
            tokens: [StoredToken(nick: "bob", token: 0xB0B)])
    }

    @Test func aRestartedRelayGoesOnWithItsEpochIDsTopicsKeysAndTokens() {
        let now: UInt64 = 1_700_000_000_000
        var relay = RelayHarness(Self.durable, restoring: Self.snapshot(now: now))
        #expect(relay.core.epoch == 0xE90C)
        #expect(relay.core.roomCount == 3)

        // A returning client resumes after its cursor, in the same epoch.
        let alice = relay.framedClient("alice", resumeAfter: 8)
        relay.commitStore()
        #expect(relay.entered(alice).first?.resume == .complete)
        #expect(relay.entered(alice).first?.topic == "kept")
        #expect(relay.chats(alice).map(\.id) == [9, 10])
        _ = relay.take(alice)

        // The id sequence goes on, and an old key is only acknowledged again.
        relay.submit(alice, key: 110, "m10")
        #expect(relay.take(alice) == [.chat(Chat(id: 10, time: now, from: "alice", request: 110, text: "m10"))])
        relay.submit(alice, key: 111, "m11")
        relay.commitStore()
        #expect(relay.chats(alice).map(\.id) == [11])

        // Rooms go on from their own last id; a room kept for its topic numbers after the count.
        relay.join(alice, "#dev")
        relay.join(alice, "#quiet")
        relay.submit(alice, key: 1, "dev", room: "#dev")
        relay.submit(alice, key: 2, "quiet", room: "#quiet")
        relay.commitStore()
        let ids = Dictionary(uniqueKeysWithValues: relay.chats(alice).map { ($0.to.name, $0.id) })
        #expect(ids["#Dev"] == 3)
        #expect(ids["#quiet"] == 13)

        // bob's token still proves him, so he reads what was kept for him.
        let bob = relay.framedClient("bob", token: 0xB0B)
        #expect(relay.chats(bob).map(\.text).contains("for bob"))
        #expect(relay.welcome(bob)?.privateLastID == 4)
    }

    @Test func aStoredHistoryWithAHoleKeepsOnlyItsUnbrokenTail() {
        let now: UInt64 = 1_700_000_000_000
        var snapshot = Self.snapshot(now: now)
        snapshot.rooms[0].messages.remove(at: 1)  // 8, 10: 9 missing
        var relay = RelayHarness(Self.durable, restoring: snapshot)
        let alice = relay.framedClient("alice", resumeAfter: 7)
        #expect(relay.chats(alice).map(\.id) == [10])
        #expect(relay.entered(alice).first?.resume == .gap)
        #expect(relay.entered(alice).first?.missed == 2)
    }

    // MARK: Retention by age

    @Test func messagesOlderThanTheirAgeAreForgottenInMemoryAndInTheStore() {
        let day: UInt64 = 86_400_000
        var relay = RelayHarness(RelaySettings(historyMaxAge: day, durable: true, rate: 0, idleTimeout: 0))
        let alice = relay.framedClient("alice")
        relay.submit(alice, key: 1, "old")
        relay.commitStore()
        relay.advance(day / 2)
        relay.submit(alice, key: 2, "newer")
        relay.commitStore()
        relay.advance(day / 2 + 60_000)
        #expect(relay.storeWrites.contains(.expire(before: relay.now - day)))
        let bob = relay.framedClient("bob", history: Hello.allHistory)
        #expect(relay.chats(bob).map(\.text) == ["newer"])
        #expect(relay.lastID == 2)
    }
}
