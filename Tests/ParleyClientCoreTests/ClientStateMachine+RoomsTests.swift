import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineRoomsTests {
    @Test func joinOpensTheWindowAtOnceAndTheRelaysAnswerEntersIt() throws {
        var harness = Harness { $0.history = 30 }
        harness.connect()
        let effects = harness.type("/join #dev")
        let join = try #require(effects.sent.first)
        #expect(join == .join(Join(request: join.request, room: "#dev", after: 0, history: 30)))
        #expect(harness.machine.windows.current.id == dev)
        #expect(harness.window(dev)?.membership == .joining)
        let entered = harness.receive(
            .entered(Entered(request: join.request, room: "#dev", topic: "ship it", lastID: 2, replayCount: 2, members: 3)))
            + harness.receive(.chat(chat(1, from: "bob", "one", room: "#dev")))
            + harness.receive(.chat(chat(2, from: "bob", "two", room: "#dev")))
        #expect(entered.appended(in: dev).map(\.text) == ["you joined #dev (3 here)", "topic: ship it", "one", "two"])
        #expect(harness.window(dev)?.membership == .joined)
        #expect(harness.window(dev)?.cursor == 2)
        #expect(harness.machine.status.memberCount == 3)
        #expect(harness.machine.requests.isEmpty)
    }

    @Test func joiningARoomAlreadyJoinedOnlyGoesToItsWindow() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        #expect(harness.type("/join #DEV").sent.isEmpty)
        #expect(harness.machine.windows.current.id == dev)
    }

    @Test(arguments: [
        ("/join dev", "cannot join dev: a room name starts with '#'"),
        ("/join #", "cannot join #: a room name needs something after the '#'"),
        ("/join #a b", "usage: /join #ROOM"),
        ("/join #d!v", "cannot join #d!v: a room name may use letters, digits, '_', '-', '.' and '+' after the '#'"),
        ("/part #no way", "cannot leave #no: you are not in it"),
        ("/names #bad!", "cannot list who is in #bad!: a room name may use letters, digits, '_', '-', '.' and '+' after the '#'"),
    ])
    func invalidRoomNamesAreRefusedLocally(line: String, error: String) {
        var harness = Harness()
        harness.connect()
        let effects = harness.type(line)
        #expect(effects.sent.isEmpty)
        #expect(effects.appendedTexts == [error])
    }

    @Test func aConnectionMayBeInThirtyTwoRoomsAtMost() {
        var harness = Harness()
        harness.connect()
        for index in 1..<32 { harness.type("/join #r\(index)") }
        #expect(harness.machine.windows.wantedRooms.count == 32)
        let effects = harness.type("/join #one-too-many")
        #expect(effects.sent.isEmpty)
        #expect(effects.appendedTexts == ["cannot join #one-too-many: you are in as many rooms as one connection may be (32)"])
    }

    @Test func joinWhileDisconnectedWaitsForTheNextHello() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        #expect(harness.type("/join #dev").appendedTexts == ["you will join #dev once connected"])
        #expect(harness.handle(.transportUp(now: harness.now)).hellos.first?.rooms.map(\.room) == ["#lobby", "#dev"])
    }

    @Test func partSendsPartClosesTheWindowAndIsLeftOutOfTheNextHello() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev"), RoomEntry("#ops")])
        harness.select(.number(2))
        let effects = harness.type("/part see you")
        let part = try #require(effects.sent.first)
        #expect(part == .part(Part(request: part.request, room: "#dev", reason: "see you")))
        #expect(harness.machine.windows.windows.map(\.title) == ["#lobby", "#ops"])
        #expect(harness.machine.windows.current.id == lobby)
        #expect(harness.receive(.done(part.request)).isEmpty)
        harness.type("/part #ops")
        harness.dropAndWaitForReconnect()
        #expect(harness.handle(.transportUp(now: harness.now)).hellos.first?.rooms.map(\.room) == ["#lobby"])
    }

    @Test func partingTheLastRoomKeepsItsWindowOutOfTheRoom() {
        var harness = Harness()
        harness.connect()
        let effects = harness.type("/part")
        #expect(effects.appendedTexts == ["you left #lobby"])
        #expect(harness.window(lobby)?.membership == .left)
        #expect(harness.type("anyone?").appendedTexts == ["you are not in #lobby; /join #lobby to talk here"])
        #expect(harness.machine.status.memberCount == nil)
    }

    @Test func aRoomLeftWhileHelloWasOnItsWayIsLeftAgain() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        harness.dropAndWaitForReconnect()
        harness.handle(.transportUp(now: harness.now))
        harness.select(.number(2))
        harness.type("/part")
        let request = try #require(harness.machine.hello?.request)
        harness.receive(.welcome(Welcome(request: request, nick: "alice", epoch: 7, time: 0, resumeToken: 1, roomCount: 2)))
        harness.receive(.entered(Entered(request: request, room: "#lobby")))
        let effects = harness.receive(.entered(Entered(request: request, room: "#dev", lastID: 1, replayCount: 1)))
            + harness.receive(.chat(chat(1, from: "bob", "not for us", room: "#dev")))
        #expect(effects.sent.count == 1)
        if case .part(let part)? = effects.sent.first { #expect(part.room == "#dev") } else { Issue.record("no PART") }
        #expect(effects.appended.isEmpty)
        #expect(harness.window(dev) == nil)
    }

    @Test func listShowsTheRoomsWhereItWasAsked() throws {
        var harness = Harness()
        harness.connect()
        let list = try #require(harness.type("/list").sent.first)
        #expect(list == .list(ListRooms(request: list.request)))
        #expect(harness.receive(.rooms(RoomList(request: list.request, isFinal: false, entries: [RoomSummary(room: "#dev", members: 3, topic: "ship it")]))).isEmpty)
        let effects = harness.receive(.rooms(RoomList(request: list.request, entries: [RoomSummary(room: "#lobby", members: 1)])))
        #expect(effects.appendedTexts == ["2 rooms:", "  #dev (3 people) — ship it", "  #lobby (1 person)"])
    }

    @Test func namesAndWhoAskAboutARoomAndListTheReply() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        let who = try #require(harness.type("/who").sent.first)
        #expect(who == .who(Who(request: who.request, room: "#lobby")))
        let names = try #require(harness.type("/names #ops").sent.first)
        #expect(names == .who(Who(request: names.request, room: "#ops")))
        let reply = harness.receive(.roster(Roster(request: who.request, room: "#lobby", entries: [
            RosterEntry(nick: "bob", transport: .udp), RosterEntry(nick: "alice", transport: .tcp),
        ])))
        #expect(reply.appendedTexts == ["#lobby: 2 here: alice (tcp), bob (udp)"])
        #expect(harness.window(lobby)?.roster.count == 2)
        harness.type("/query bob")
        #expect(harness.type("/who").appendedTexts == ["/names needs a room, and this window is a private conversation"])
    }

    @Test func topicIsAskedForOrSetInTheRoomOnScreen() throws {
        var harness = Harness()
        harness.connect()
        let ask = try #require(harness.type("/topic").sent.first)
        #expect(ask == .topic(TopicRequest(request: ask.request, room: "#lobby")))
        let answer = harness.receive(.topic(Topic(request: ask.request, room: "#lobby", text: "hi", setBy: "bob", time: 0)))
        #expect(answer.appendedTexts == ["topic of #lobby: hi (set by bob)"])
        let set = try #require(harness.type("/topic release day").sent.first)
        #expect(set == .topic(TopicRequest(request: set.request, room: "#lobby", newTopic: "release day")))
        let announced = harness.receive(.topic(Topic(request: set.request, room: "#lobby", text: "release day", setBy: "alice", time: 0)))
        #expect(announced.appendedTexts == ["you set the topic: release day"])
        #expect(harness.type("/topic " + String(repeating: "t", count: 513)).appendedTexts == [
            "cannot set the topic of #lobby: a topic is at most 512 bytes",
        ])
    }

    @Test func roomCommandsNeedAConnection() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        #expect(harness.type("/list").appendedTexts == ["not connected to the relay; /list works once connected"])
        #expect(harness.type("/topic").appendedTexts == ["not connected to the relay; /topic works once connected"])
        #expect(harness.type("/names").appendedTexts == ["not connected to the relay; /names works once connected"])
    }
}
