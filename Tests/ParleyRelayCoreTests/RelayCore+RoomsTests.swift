import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreRoomsTests {
    /// alice and bob in #dev, carol only in #lobby.
    static func devRoom() -> (RelayHarness, alice: PeerID, bob: PeerID, carol: PeerID) {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let bob = relay.linkClient("bob")
        let carol = relay.framedClient("carol")
        relay.join(alice, "#dev", request: 11)
        relay.join(bob, "#DEV", request: 12)
        for id in [alice, bob, carol] { _ = relay.take(id) }
        return (relay, alice, bob, carol)
    }

    @Test func joinCreatesTheRoomAndTheOthersInItAreTold() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let carol = relay.framedClient("carol")
        _ = relay.take(alice)
        _ = relay.take(carol)
        relay.join(alice, "#Dev", request: 11)
        let toAlice = relay.take(alice)
        #expect(toAlice.first == .entered(Entered(request: 11, room: "#Dev", lastID: 0, resume: .fresh, members: 1)))
        #expect(toAlice.last == .roster(Roster(request: 0, room: "#Dev", entries: [RosterEntry(nick: "alice", transport: .tcp)])))
        #expect(relay.take(carol).isEmpty)  // not in #Dev
        let bob = relay.framedClient("bob")
        relay.join(bob, "#dev", request: 3)
        #expect(relay.entered(bob).last?.room == "#Dev")  // the name as created
        #expect(relay.take(alice) == [
            .joined(Joined(room: RoomName.lobby, nick: "bob", transport: .tcp, time: relay.now)),
            .joined(Joined(room: "#Dev", nick: "bob", transport: .tcp, time: relay.now)),
        ])
        #expect(relay.core.rooms(of: bob) == [RoomName.lobby, "#Dev"])
        #expect(relay.logs.contains(.roomCreated(room: "#Dev")))
    }

    @Test func aRoomMessageReachesExactlyItsMembersOnceWithItsOwnIDs() {
        var (relay, alice, bob, carol) = Self.devRoom()
        relay.submit(alice, key: 1, "in dev", room: "#dev")
        relay.submit(bob, key: 2, "also dev", room: "#Dev")
        relay.submit(carol, key: 3, "in the lobby")
        #expect(relay.chats(alice).map(\.text) == ["in dev", "also dev", "in the lobby"])
        #expect(relay.chats(bob).map(\.text) == ["in dev", "also dev", "in the lobby"])
        #expect(relay.chats(carol).map(\.text) == ["in the lobby"])
        #expect(relay.chats(alice).map(\.id) == [1, 2, 1])  // each room counts from 1
        #expect(relay.chats(alice).map(\.to) == [.room("#dev"), .room("#dev"), .room(RoomName.lobby)])
        #expect(relay.core.lastID(in: "#DEV") == 2)
    }

    @Test func sendingToARoomOneIsNotInOrThatDoesNotExistIsRefusedWithTheRequest() {
        var (relay, _, _, carol) = Self.devRoom()
        relay.submit(carol, key: 21, "let me in", room: "#dev")
        relay.submit(carol, key: 22, "anyone?", room: "#nowhere")
        #expect(relay.errors(carol).map(\.code) == [.notInRoom, .noSuchRoom])
        #expect(relay.errors(carol).map(\.request) == [21, 22])
        #expect(relay.core.lastID(in: "#dev") == 0)
    }

    @Test(arguments: ["dev", "#", "#a b", "#" + String(repeating: "x", count: 32), "#caf\u{e9}", "#bell\u{7}"])
    func badRoomNamesAreRefusedClearly(name: String) {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.join(alice, name, request: 5)
        #expect(relay.errors(alice).map(\.code) == [.invalidRoom])
        #expect(relay.errors(alice).first?.request == 5)
        #expect(relay.core.roomCount == 1)
    }

    @Test func aConnectionIsInAtMostItsShareOfRooms() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        for n in 1..<Limits.maxRoomsPerPeer { relay.join(alice, "#r\(n)") }
        #expect(relay.core.rooms(of: alice).count == Limits.maxRoomsPerPeer)
        _ = relay.take(alice)
        relay.join(alice, "#one-too-many", request: 9)
        #expect(relay.errors(alice).map(\.code) == [.tooManyRooms])
        relay.join(alice, "#r1", request: 10)  // one it is in already: a replay, not a new room
        #expect(relay.entered(alice).map(\.request) == [10])
    }

    @Test func theRelayHoldsAtMostItsRoomsAndAnEmptyOneMakesWay() {
        var relay = RelayHarness(RelaySettings(rate: 0, maxRooms: 3))
        let alice = relay.framedClient("alice")
        relay.join(alice, "#a")
        relay.advance(1)
        relay.join(alice, "#b")
        relay.part(alice, "#a")
        relay.advance(1)
        relay.part(alice, "#b")
        _ = relay.take(alice)
        relay.join(alice, "#c")  // #a has been empty longest: it goes
        #expect(relay.logs.contains(.roomDropped(room: "#a")))
        #expect(relay.core.roomCount == 3)
        relay.join(alice, "#d")  // then #b
        #expect(relay.logs.contains(.roomDropped(room: "#b")))
        _ = relay.take(alice)
        relay.join(alice, "#e", request: 4)  // #lobby, #c and #d are all in use
        #expect(relay.errors(alice).map(\.code) == [.relayRoomsFull])
        #expect(relay.errors(alice).first?.request == 4)
    }

    @Test func partSaysOKToThePartAndLeftToTheOthers() {
        var (relay, alice, bob, carol) = Self.devRoom()
        relay.part(alice, "#dev", reason: "lunch", request: 31)
        #expect(relay.take(alice) == [.done(31)])
        #expect(relay.take(bob) == [.left(Left(room: "#dev", nick: "alice", reason: .part, detail: "lunch", time: relay.now))])
        #expect(relay.take(carol).isEmpty)
        relay.part(alice, "#dev", request: 32)
        relay.part(alice, "#gone", request: 33)
        #expect(relay.errors(alice).map(\.code) == [.notInRoom, .noSuchRoom])
        #expect(relay.errors(alice).map(\.request) == [32, 33])
        relay.submit(alice, key: 5, "still talking", room: "#dev")
        #expect(relay.errors(alice).last?.code == .notInRoom)
    }

    @Test func leavingTheRelayIsToldInEveryRoomItWasIn() {
        var (relay, alice, bob, carol) = Self.devRoom()
        relay.run(.disconnected(alice, reason: .timeout, now: relay.now))
        let left = relay.take(bob).compactMap { if case .left(let l) = $0 { return l.room } else { return nil } }
        #expect(left == [RoomName.lobby, "#dev"])
        #expect(relay.take(carol) == [.left(Left(room: RoomName.lobby, nick: "alice", reason: .timeout, time: relay.now))])
    }

    @Test func aNickChangeGoesToThoseWhoShareARoomOnly() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice", rooms: [RoomCursor(room: "#dev")])
        let bob = relay.framedClient("bob", rooms: [RoomCursor(room: "#dev"), RoomCursor(room: "#ops")])
        let carol = relay.framedClient("carol", rooms: [RoomCursor(room: "#ops")])
        let dave = relay.framedClient("dave")
        for id in [alice, bob, carol, dave] { _ = relay.take(id) }
        relay.send(bob, .nick(NickChange(request: 9, nick: "robert")))
        let renamed = Renamed(old: "bob", new: "robert", time: relay.now)
        var own = renamed
        own.request = 9
        #expect(relay.take(bob) == [.renamed(own)])
        #expect(relay.take(alice) == [.renamed(renamed)])
        #expect(relay.take(carol) == [.renamed(renamed)])
        #expect(relay.take(dave).isEmpty)
    }

    @Test func whoListAndTopicAnswerWithTheirRequestIDs() {
        var (relay, alice, bob, carol) = Self.devRoom()
        relay.send(carol, .who(Who(request: 41, room: "#dev")))  // any room may be asked about
        guard case .roster(let roster) = relay.take(carol).first else {
            Issue.record("no ROSTER")
            return
        }
        #expect(roster.request == 41)
        #expect(Set(roster.entries.map(\.nick)) == ["alice", "bob"])
        relay.send(alice, .topic(TopicRequest(request: 42, room: "#dev", newTopic: "ship it")))
        let topic = Topic(room: "#dev", text: "ship it", setBy: "alice", time: relay.now)
        var own = topic
        own.request = 42
        #expect(relay.take(alice) == [.topic(own)])
        #expect(relay.take(bob) == [.topic(topic)])
        relay.send(carol, .topic(TopicRequest(request: 43, room: "#dev", newTopic: "hijack")))
        #expect(relay.errors(carol).map(\.code) == [.notInRoom])
        _ = relay.take(carol)
        relay.send(carol, .topic(TopicRequest(request: 44, room: "#dev")))
        #expect(relay.take(carol) == [.topic(Topic(request: 44, room: "#dev", text: "ship it", setBy: "alice", time: relay.now))])
        relay.send(carol, .list(ListRooms(request: 45)))
        #expect(relay.take(carol) == [
            .rooms(RoomList(request: 45, entries: [
                RoomSummary(room: "#dev", members: 2, topic: "ship it"), RoomSummary(room: RoomName.lobby, members: 3),
            ]))
        ])
        // A newcomer to the room sees the topic as it enters.
        relay.join(carol, "#dev", request: 46)
        #expect(relay.entered(carol).first?.topic == "ship it")
    }

    @Test func theRoomListIsPaged() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        var creators: [PeerID] = []
        for n in 0..<5 {
            let id = relay.framedClient("c\(n)")
            for r in 0..<30 { relay.join(id, "#room\(n)-\(r)") }
            creators.append(id)
        }
        _ = relay.take(creators[0])
        relay.send(creators[0], .list(ListRooms(request: 1)))
        let pages = relay.take(creators[0]).compactMap { if case .rooms(let r) = $0 { return r } else { return nil } }
        #expect(pages.map(\.entries.count) == [100, 51])
        #expect(pages.map(\.isFinal) == [false, true])
    }

    @Test func helloEntersEveryListedRoomWithItsOwnCursor() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let talker = relay.framedClient("talker", rooms: [RoomCursor(room: "#a"), RoomCursor(room: "#b")])
        for n in 1...4 { relay.submit(talker, key: UInt64(n), "a\(n)", room: "#a") }
        for n in 5...6 { relay.submit(talker, key: UInt64(n), "b\(n)", room: "#b") }
        let back = relay.framedClient(
            "back", rooms: [RoomCursor(room: "#a", after: 2), RoomCursor(room: "#b", after: 2), RoomCursor(room: "bad")])
        #expect(relay.welcome(back)?.roomCount == 2)
        let entered = relay.entered(back)
        #expect(entered.map(\.room) == ["#a", "#b"])
        #expect(entered.map(\.resume) == [.complete, .complete])
        #expect(entered.map(\.replayCount) == [2, 0])
        #expect(relay.chats(back).map(\.text) == ["a3", "a4"])
        #expect(relay.errors(back).map(\.code) == [.invalidRoom])
        #expect(relay.errors(back).first?.request == 1)  // HELLO's
        #expect(!relay.core.rooms(of: back).contains(RoomName.lobby))  // a list replaces the lobby
    }

    @Test func cursorsFromAnotherEpochAreIgnored() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let talker = relay.framedClient("talker")
        for n in 1...3 { relay.submit(talker, key: UInt64(n), "m\(n)") }
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "elsewhere", now: relay.now))
        var hello = relay.hello("old", rooms: [RoomCursor(room: RoomName.lobby, after: 2)])
        hello.epoch = relay.core.epoch &+ 1  // a relay run that is gone
        relay.send(id, Preamble.bytes + ClientMessage.hello(hello).encoded())
        #expect(relay.welcome(id)?.epoch == relay.core.epoch)
        #expect(relay.entered(id).first?.resume == .fresh)
        #expect(relay.chats(id).map(\.id) == [1, 2, 3])  // recent history, not "after 2"
    }

    @Test func capabilitiesAreTheOnesBothSidesHave() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        var hello = relay.hello("future")
        hello.capabilities = Capabilities(rawValue: 0xFFFF_FFFF)  // bits this relay does not know
        relay.send(id, Preamble.bytes + ClientMessage.hello(hello).encoded())
        #expect(relay.welcome(id)?.capabilities == Capabilities.supported)
        #expect(relay.closed.isEmpty)
    }
}

@Suite struct RelayCoreRoomIDsTests {
    @Test func aRoomMadeAgainAfterBeingDroppedNeverReusesAnID() {
        var relay = RelayHarness(RelaySettings(rate: 0, maxRooms: 2))
        let alice = relay.framedClient("alice")
        relay.join(alice, "#a")
        for n in 1...3 { relay.submit(alice, key: UInt64(n), "a\(n)", room: "#a") }
        relay.part(alice, "#a")
        relay.join(alice, "#b")  // #a makes way
        #expect(relay.logs.contains(.roomDropped(room: "#a")))
        relay.part(alice, "#b")
        relay.join(alice, "#a")  // made again; #b makes way
        _ = relay.take(alice)
        relay.submit(alice, key: 9, "again", room: "#a")
        #expect(relay.chats(alice).map(\.id) == [4])  // after every id the old #a had
        // A cursor from the first #a is then a gap, not a complete resume.
        let back = relay.framedClient("back", rooms: [RoomCursor(room: "#a", after: 2)])
        #expect(relay.entered(back).first?.resume == .gap)
    }

    @Test func askingForTheNickOneHasIsAnsweredWithOK() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        _ = relay.take(alice)
        relay.send(alice, .nick(NickChange(request: 12, nick: "alice")))
        #expect(relay.take(alice) == [.done(12)])
    }
}

@Suite struct RelayCoreRoomStatisticsTests {
    @Test func theStatisticsCountTheRooms() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.join(alice, "#a")
        relay.join(alice, "#b")
        relay.part(alice, "#b")  // kept while empty
        #expect(relay.core.statistics(now: relay.now).rooms == 3)
    }
}
