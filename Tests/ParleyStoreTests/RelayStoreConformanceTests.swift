import ParleyStoreModel
import ParleyWire
import Testing

/// The behaviour every `RelayStore` shares, run against each of them.
@Suite struct RelayStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func freshStoreIsEmptyWithAnEpoch(kind: StoreKind) throws {
        let snapshot = try kind.withStore { store in try store.load() }
        #expect(snapshot.epoch != 0)
        #expect(snapshot == StoreSnapshot(epoch: snapshot.epoch))
    }

    @Test(arguments: StoreKind.allCases)
    func everyKindOfWriteRoundTripsExactly(kind: StoreKind) throws {
        let high: UInt64 = 1 << 63
        let action = Chat(
            id: 2, time: 1_700_000_000_002, kind: .action, from: "Alice", to: .room("#Lobby"), request: .max,
            text: "waves \u{0} with a NUL, ünïcödé and 🎉"
        )
        let empty = Chat(id: 3, time: 1_700_000_000_003, from: "bob", to: .room("#Lobby"), request: 0, text: "")
        let big = Chat(id: high + 1, time: high + 2, from: "carol", to: .room("#Big"), request: high + 3, text: "big")
        let whisper = Chat(id: 1, time: 1_700_000_000_004, from: "Alice", to: .user("Bob"), request: 9, text: "psst")
        let writes: [StoreWrite] = [
            Sample.message(1, in: "#Lobby"),
            .message(room: "#lobby", action),
            .message(room: "#lobby", empty),
            .message(room: "#big", big),
            .message(room: StoreWrite.privateRoom, whisper),
            .submission(nick: "alice", key: .max, room: "#lobby", id: 2, time: high + 4),
            .topic(room: "#lobby", name: "#lobby-renamed", text: "topic \u{0} ☕", setBy: "Alice", time: .max),
            .token(nick: "alice", token: high + 5),
            .roomMessagesStamped(.max - 1),
        ]
        let snapshot = try kind.withStore { store in
            try store.write(writes)
            return try store.load()
        }
        let expected = StoreSnapshot(
            epoch: snapshot.epoch,
            roomMessagesStamped: .max - 1,
            rooms: [
                StoredRoom(key: "#big", name: "#Big", lastID: high + 1, messages: [big]),
                StoredRoom(
                    key: "#lobby", name: "#Lobby", lastID: 3, topic: "topic \u{0} ☕", topicSetBy: "Alice",
                    topicTime: .max, messages: [Sample.chats([Sample.message(1, in: "#Lobby")])[0], action, empty]
                ),
            ],
            privateLastID: 1,
            privateMessages: [StoredPrivateMessage(chat: whisper)],
            submissions: [StoredSubmission(nick: "alice", key: .max, room: "#lobby", id: 2, time: high + 4)],
            tokens: [StoredToken(nick: "alice", token: high + 5)]
        )
        #expect(snapshot == expected)
    }

    @Test(arguments: StoreKind.allCases)
    func idsAndTimesAcross2To63KeepTheirUnsignedOrder(kind: StoreKind) throws {
        let high: UInt64 = 1 << 63
        let retention = StoreRetention(messagesPerRoom: 3, submissions: 10, tokens: 10)
        let snapshot = try kind.withStore(retention: retention) { store in
            try store.write(((high - 3)...(high + 1)).map { Sample.message($0, in: "#edge", time: $0) })
            try store.write([Sample.message(high + 2, in: "#edge", time: high + 2), .expire(before: high + 1)])
            return try store.load()
        }
        #expect(snapshot.rooms.first?.lastID == high + 2)
        #expect(snapshot.rooms.first?.messages.map(\.id) == [high + 1, high + 2])
    }

    @Test(arguments: StoreKind.allCases)
    func topicCreatesTheRoomAndLaterTopicsKeepItsName(kind: StoreKind) throws {
        let snapshot = try kind.withStore { store in
            try store.write([.topic(room: "#rust", name: "#Rust", text: "first", setBy: "alice", time: 10)])
            try store.write([.topic(room: "#rust", name: "#RUST", text: "second", setBy: "bob", time: 20)])
            try store.write([Sample.message(1, in: "#rust")])
            return try store.load()
        }
        #expect(snapshot.rooms.count == 1)
        let room = try #require(snapshot.rooms.first)
        #expect(room.key == "#rust")
        #expect(room.name == "#Rust")
        #expect(room.lastID == 1)
        #expect(room.topic == "second" && room.topicSetBy == "bob" && room.topicTime == 20)
        #expect(room.messages.map(\.id) == [1])
    }

    @Test(arguments: StoreKind.allCases)
    func retentionKeepsTheNewestMessagesOfEachRoomAndOfPrivateMessages(kind: StoreKind) throws {
        let retention = StoreRetention(messagesPerRoom: 3, submissions: 10, tokens: 10)
        let snapshot = try kind.withStore(retention: retention) { store in
            try store.write([Sample.message(1, in: "#a"), Sample.message(2, in: "#a"), Sample.message(1, in: "#b")])
            try store.write(
                (3...5).map { Sample.message($0, in: "#a") }
                    + (1...4).map { Sample.privateMessage($0, from: "x", to: "y") })
            try store.write((1...10).map { Sample.message($0, in: "#c") })
            return try store.load()
        }
        #expect(snapshot.rooms.map(\.key) == ["#a", "#b", "#c"])
        #expect(snapshot.rooms.map(\.lastID) == [5, 1, 10])
        #expect(snapshot.rooms.map { $0.messages.map(\.id) } == [[3, 4, 5], [1], [8, 9, 10]])
        #expect(snapshot.privateLastID == 4)
        #expect(snapshot.privateMessages.map(\.chat.id) == [2, 3, 4])
    }

    @Test(arguments: StoreKind.allCases)
    func zeroRetentionKeepsNoMessagesButEveryLastID(kind: StoreKind) throws {
        let retention = StoreRetention(messagesPerRoom: 0, submissions: 0, tokens: 0)
        let snapshot = try kind.withStore(retention: retention) { store in
            try store.write([
                Sample.message(1, in: "#a"), Sample.message(2, in: "#a"), Sample.privateMessage(7, from: "x", to: "y"),
                .submission(nick: "x", key: 1, room: "#a", id: 1, time: 1), .token(nick: "x", token: 5),
            ])
            return try store.load()
        }
        #expect(snapshot.rooms.map(\.lastID) == [2])
        #expect(snapshot.rooms.map(\.messages) == [[]])
        #expect(snapshot.privateLastID == 7)
        #expect(snapshot.privateMessages.isEmpty)
        #expect(snapshot.submissions.isEmpty)
        #expect(snapshot.tokens.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func submissionsKeepTheNewestAndAResubmittedKeyBecomesNewest(kind: StoreKind) throws {
        let retention = StoreRetention(messagesPerRoom: 10, submissions: 2, tokens: 10)
        let snapshots = try kind.withStore(retention: retention) { store in
            var snapshots: [[StoredSubmission]] = []
            try store.write([
                .submission(nick: "alice", key: 1, room: "#a", id: 1, time: 1),
                .submission(nick: "bob", key: 1, room: "#a", id: 2, time: 2),
                .submission(nick: "alice", key: 2, room: "#a", id: 3, time: 3),
            ])
            snapshots.append(try store.load().submissions)
            try store.write([.submission(nick: "bob", key: 1, room: "", id: 9, time: 4)])
            snapshots.append(try store.load().submissions)
            try store.write([.forgetSubmissions(nick: "alice")])
            snapshots.append(try store.load().submissions)
            return snapshots
        }
        #expect(
            snapshots[0] == [
                StoredSubmission(nick: "bob", key: 1, room: "#a", id: 2, time: 2),
                StoredSubmission(nick: "alice", key: 2, room: "#a", id: 3, time: 3),
            ])
        #expect(
            snapshots[1] == [
                StoredSubmission(nick: "alice", key: 2, room: "#a", id: 3, time: 3),
                StoredSubmission(nick: "bob", key: 1, room: "", id: 9, time: 4),
            ])
        #expect(snapshots[2] == [StoredSubmission(nick: "bob", key: 1, room: "", id: 9, time: 4)])
    }

    @Test(arguments: StoreKind.allCases)
    func boundsApplyAtTheEndOfEachBatch(kind: StoreKind) throws {
        // The log's bound counts a forgetting as an entry: [a 1, b 1, forget b] fits in 3.
        let retention = StoreRetention(messagesPerRoom: 10, submissions: 3, tokens: 1)
        let snapshot = try kind.withStore(retention: retention) { store in
            try store.write([
                .submission(nick: "a", key: 1, room: "#a", id: 1, time: 1),
                .submission(nick: "b", key: 1, room: "#a", id: 2, time: 2),
                .forgetSubmissions(nick: "b"),
                .token(nick: "a", token: 1), .token(nick: "b", token: 2), .revokeToken(nick: "b"),
            ])
            return try store.load()
        }
        #expect(snapshot.submissions == [StoredSubmission(nick: "a", key: 1, room: "#a", id: 1, time: 1)])
        #expect(snapshot.tokens == [StoredToken(nick: "a", token: 1)])
    }

    @Test(arguments: StoreKind.allCases)
    func tokensKeepTheMostRecentlyGivenAndRevokedOnesGo(kind: StoreKind) throws {
        let retention = StoreRetention(messagesPerRoom: 10, submissions: 10, tokens: 2)
        let snapshots = try kind.withStore(retention: retention) { store in
            var snapshots: [[StoredToken]] = []
            try store.write([.token(nick: "alice", token: 1), .token(nick: "bob", token: 2)])
            try store.write([.token(nick: "carol", token: 3)])
            snapshots.append(try store.load().tokens)
            try store.write([.token(nick: "bob", token: 4)])
            snapshots.append(try store.load().tokens)
            try store.write([.revokeToken(nick: "carol"), .revokeToken(nick: "nobody")])
            snapshots.append(try store.load().tokens)
            return snapshots
        }
        #expect(snapshots[0] == [StoredToken(nick: "bob", token: 2), StoredToken(nick: "carol", token: 3)])
        #expect(snapshots[1] == [StoredToken(nick: "carol", token: 3), StoredToken(nick: "bob", token: 4)])
        #expect(snapshots[2] == [StoredToken(nick: "bob", token: 4)])
    }

    @Test(arguments: StoreKind.allCases)
    func sealHidesEachSideOfANicksPrivateMessagesOnly(kind: StoreKind) throws {
        let snapshot = try kind.withStore { store in
            try store.write([
                Sample.privateMessage(1, from: "alice", to: "bob"),
                Sample.privateMessage(2, from: "bob", to: "Alice"),
                Sample.privateMessage(3, from: "carol", to: "bob"),
                Sample.privateMessage(4, from: "ALICE", to: "carol"),
                Sample.message(1, in: "#a", from: "alice"),
            ])
            try store.write([.seal(nick: "alice")])
            try store.write([Sample.privateMessage(5, from: "alice", to: "bob"), .seal(nick: "carol")])
            return try store.load()
        }
        let sides = snapshot.privateMessages.map { [$0.sealedForSender, $0.sealedForRecipient] }
        #expect(sides == [[true, false], [false, true], [true, false], [true, true], [false, false]])
        #expect(snapshot.rooms.first?.messages.map(\.id) == [1])
    }

    @Test(arguments: StoreKind.allCases)
    func expireDeletesOldMessagesEverywhereAndRoomsKeepTheirLastID(kind: StoreKind) throws {
        let snapshot = try kind.withStore { store in
            try store.write([
                Sample.message(1, in: "#a", time: 100), Sample.message(2, in: "#a", time: 200),
                Sample.message(3, in: "#a", time: 300), Sample.message(1, in: "#b", time: 150),
                Sample.privateMessage(1, from: "x", to: "y", time: 50),
                Sample.privateMessage(2, from: "x", to: "y", time: 400),
            ])
            try store.write([.expire(before: 200)])
            try store.write([.expire(before: 160)])
            return try store.load()
        }
        #expect(snapshot.rooms.map(\.key) == ["#a", "#b"])
        #expect(snapshot.rooms.map(\.lastID) == [3, 1])
        #expect(snapshot.rooms.map { $0.messages.map(\.time) } == [[200, 300], []])
        #expect(snapshot.privateLastID == 2)
        #expect(snapshot.privateMessages.map(\.chat.time) == [400])
    }

    @Test(arguments: StoreKind.allCases)
    func dropRoomDeletesItsRowAndMessagesSoItsIDsStartAgain(kind: StoreKind) throws {
        let snapshot = try kind.withStore { store in
            try store.write([
                Sample.message(1, in: "#a"), Sample.message(2, in: "#a"), Sample.message(1, in: "#b"),
                .topic(room: "#a", name: "#a", text: "t", setBy: "x", time: 1),
            ])
            try store.write([.dropRoom("#a"), .dropRoom("#never")])
            let afterDrop = try store.load()
            #expect(afterDrop.rooms.map(\.key) == ["#b"])
            try store.write([Sample.message(1, in: "#A"), .dropRoom("#b"), Sample.message(1, in: "#b")])
            return try store.load()
        }
        #expect(snapshot.rooms.map(\.key) == ["#a", "#b"])
        #expect(snapshot.rooms.map(\.name) == ["#A", "#b"])
        #expect(snapshot.rooms.map(\.topic) == ["", ""])
        #expect(snapshot.rooms.map { $0.messages.map(\.id) } == [[1], [1]])
    }

    @Test(arguments: StoreKind.allCases)
    func aMessageNotAboveItsRoomsLastIDIsRefused(kind: StoreKind) throws {
        let retention = StoreRetention(messagesPerRoom: 1, submissions: 10, tokens: 10)
        try kind.withStore(retention: retention) { store in
            try store.write([Sample.message(1, in: "#a"), Sample.message(2, in: "#a"), Sample.message(3, in: "#a")])
            // Retention deleted message 2, so only the last id can refuse it.
            #expect(throws: StoreError.self) { try store.write([Sample.message(2, in: "#a")]) }
            #expect(throws: StoreError.self) { try store.write([Sample.message(3, in: "#a")]) }
            #expect(throws: StoreError.self) {
                try store.write([Sample.message(4, in: "#a"), Sample.message(4, in: "#a")])
            }
            try store.write([Sample.message(4, in: "#a")])
            #expect(try store.load().rooms.first?.messages.map(\.id) == [4])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedBatchKeepsNothingOfItself(kind: StoreKind) throws {
        try kind.withStore { store in
            try store.write([
                Sample.message(1, in: "#a"), Sample.message(1, in: "#b"), Sample.privateMessage(1, from: "x", to: "y"),
                .submission(nick: "x", key: 1, room: "#a", id: 1, time: 1), .token(nick: "x", token: 1),
            ])
            let before = try store.load()
            let batch: [StoreWrite] = [
                Sample.message(2, in: "#a"), Sample.message(1, in: "#new"),
                .topic(room: "#a", name: "#a", text: "new topic", setBy: "x", time: 5),
                .submission(nick: "y", key: 2, room: "#a", id: 2, time: 2), .forgetSubmissions(nick: "x"),
                .token(nick: "y", token: 2), .revokeToken(nick: "x"), .roomMessagesStamped(99),
                .seal(nick: "x"), .expire(before: .max), .dropRoom("#b"),
                Sample.message(2, in: "#a"),  // the same id again: the whole batch is refused
            ]
            do {
                try store.write(batch)
                Issue.record("a batch with a repeated message id was kept")
            } catch {
                guard case StoreError.failed = error else {
                    Issue.record("expected .failed, got \(error)")
                    return
                }
            }
            #expect(try store.load() == before)
            try store.write(Array(batch.dropLast()))
            #expect(try store.load() != before)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anEmptyBatchChangesNothing(kind: StoreKind) throws {
        try kind.withStore { store in
            try store.write([Sample.message(1)])
            let before = try store.load()
            try store.write([])
            #expect(try store.load() == before)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFloodInOneBatchKeepsExactlyTheNewestAcrossItsSegments(kind: StoreKind) throws {
        // More messages in one batch than one segment holds, across the retention line.
        let retention = StoreRetention(messagesPerRoom: 1000, submissions: 10, tokens: 10)
        let snapshot = try kind.withStore(retention: retention) { store in
            try store.write((1...1300).map { Sample.message($0, in: "#flood", time: $0) })
            try store.write((1301...1310).map { Sample.message($0, in: "#flood", time: $0) })
            return try store.load()
        }
        #expect(snapshot.rooms.first?.messages.map(\.id) == Array(311...1310))
        #expect(snapshot.rooms.first?.lastID == 1310)
    }

    @Test(arguments: StoreKind.allCases)
    func expiryCutsThroughAStoredBatchAtTheRightMessage(kind: StoreKind) throws {
        let snapshot = try kind.withStore(retention: .roomy) { store in
            try store.write((1...300).map { Sample.message($0, in: "#a", time: 1000 + $0) })
            try store.write([.expire(before: 1100)])
            try store.write([Sample.message(301, in: "#a", time: 2000)])
            return try store.load()
        }
        #expect(snapshot.rooms.first?.messages.map(\.id) == Array(100...301))
    }
}
