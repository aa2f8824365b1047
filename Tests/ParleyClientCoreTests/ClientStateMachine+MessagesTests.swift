import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineMessagesTests {
    @Test func showsMessagesAndActionsInTheirRoomAndPrivateMessagesInTheirOwnWindow() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        let effects =
            harness.receive(.chat(chat(1, from: "bob", "hi all")))
            + harness.receive(.chat(chat(1, from: "bob", "waves", room: "#dev", kind: .action)))
            + harness.receive(.chat(privateChat(1, from: "bob", to: "alice", "psst")))
        #expect(effects.appended(in: lobby).map(\.kind) == [.message])
        #expect(effects.appended(in: dev).map(\.kind) == [.action])
        #expect(effects.appended(in: .query("bob")).map(\.kind) == [.privateMessage(to: "alice")])
        #expect(effects.appended.allSatisfy { $0.delivery == nil && $0.nick == "bob" })
        #expect(effects.filter { $0 == .bell }.count == 1)
        #expect(harness.machine.windows.windows.map(\.title) == ["#lobby", "#dev", "@bob"])
    }

    @Test func aPrivateActionIsShownAsAnAction() {
        var harness = Harness()
        harness.connect()
        var action = privateChat(1, from: "bob", to: "alice", "waves")
        action.kind = .action
        let effects = harness.receive(.chat(action))
        #expect(effects.appended(in: .query("bob")).map(\.kind) == [.privateAction(to: "alice")])
    }

    @Test func ourOwnPrivateMessageLandsInTheRecipientsWindow() {
        var harness = Harness()
        harness.connect()
        let effects = harness.receive(.chat(privateChat(1, from: "alice", to: "Bob", "sent from elsewhere")))
        #expect(effects.appended(in: .query("bob")).map(\.delivery) == [.delivered])
        #expect(harness.window(.query("bob"))?.activity == Activity.none)
    }

    @Test func eachRoomHasItsOwnCursorForDuplicates() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        harness.receive(.chat(chat(1, from: "bob", "one")))
        harness.receive(.chat(chat(2, from: "bob", "two")))
        #expect(harness.receive(.chat(chat(2, from: "bob", "two"))).appended.isEmpty)
        #expect(harness.receive(.chat(chat(1, from: "bob", "one"))).appended.isEmpty)
        // Ids are per room: #dev's 1 is new.
        #expect(harness.receive(.chat(chat(1, from: "bob", "dev one", room: "#dev"))).appendedTexts == ["dev one"])
        #expect(harness.window(lobby)?.cursor == 2)
        #expect(harness.window(dev)?.cursor == 1)
    }

    @Test func privateMessagesHaveOneCursorOfTheirOwn() {
        var harness = Harness()
        harness.connect()
        harness.receive(.chat(privateChat(5, from: "bob", to: "alice", "five")))
        #expect(harness.receive(.chat(privateChat(5, from: "bob", to: "alice", "five"))).appended.isEmpty)
        #expect(harness.receive(.chat(privateChat(6, from: "carol", to: "alice", "six"))).appendedTexts == ["six"])
        #expect(harness.machine.privateCursor == 6)
    }

    @Test func theResumeSkipsWhatWasSeenInEachRoom() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(replay: [chat(1, from: "bob", "one"), chat(2, from: "bob", "two")])])
        harness.dropAndWaitForReconnect()
        // The relay replays from our cursor, and by mistake one message we already have.
        let effects = harness.connect(
            rooms: [RoomEntry(lastID: 4, resume: .complete, replay: [chat(2, from: "bob", "two"), chat(3, from: "carol", "three"), chat(4, from: "bob", "four")])])
        #expect(effects.appended(in: lobby).map(\.text).filter { !$0.contains("connected") } == ["three", "four"])
        #expect(harness.window(lobby)?.cursor == 4)
    }

    @Test func theWelcomesPrivateLastIdBecomesThePrivateCursorAfterThePrivateReplay() {
        var harness = Harness()
        let effects = harness.connect(privateLastID: 40, privateReplay: [privateChat(31, from: "bob", to: "alice", "kept for you")])
        #expect(effects.appended(in: .query("bob")).map(\.text) == ["kept for you"])
        #expect(harness.machine.privateCursor == 40)
    }

    @Test func replayedHistoryDoesNotRingTheBellNorRaiseActivityUnlessItIsNews() {
        var harness = Harness()
        let first = harness.connect(rooms: [RoomEntry(lastID: 1, replay: [chat(1, from: "bob", "alice: you there?")]), RoomEntry("#dev", lastID: 1, replay: [chat(1, from: "bob", "old dev talk", room: "#dev")])])
        #expect(first.appended(in: lobby).last?.isMention == true)
        #expect(!first.contains(.bell))
        #expect(harness.window(dev)?.activity == Activity.none)
        harness.dropAndWaitForReconnect()
        harness.connect(rooms: [RoomEntry(lastID: 1, resume: .complete), RoomEntry("#dev", lastID: 2, resume: .complete, replay: [chat(2, from: "bob", "said while you were away", room: "#dev")])])
        #expect(harness.window(dev)?.activity == .message)
        #expect(harness.window(dev)?.unreadCount == 1)
    }

    @Test func marksMentionsFromOthersOnly() {
        var harness = Harness()
        harness.connect()
        let mention = harness.receive(.chat(chat(1, from: "bob", "hey ALICE, look")))
        #expect(mention.appended.first?.isMention == true)
        #expect(mention.contains(.bell))
        let mine = harness.receive(.chat(chat(2, from: "alice", "I am alice")))
        #expect(mine.appended.first?.isMention == false)
        let word = harness.receive(.chat(chat(3, from: "bob", "malice")))
        #expect(word.appended.first?.isMention == false)
    }

    @Test func bellOffSilencesMentions() {
        var harness = Harness()
        harness.connect()
        harness.type("/bell off")
        #expect(harness.machine.status.bellEnabled == false)
        let effects = harness.receive(.chat(chat(1, from: "bob", "alice!")))
        #expect(effects.appended.first?.isMention == true)
        #expect(!effects.contains(.bell))
    }

    @Test func keepsEachRoomsRosterUpToDate() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        harness.receive(.roster(Roster(room: "#lobby", isFinal: false, entries: [RosterEntry(nick: "alice", transport: .tcp)])))
        #expect(harness.window(lobby)?.roster.count == 0)
        harness.receive(.roster(Roster(room: "#lobby", isFinal: true, entries: [RosterEntry(nick: "bob", transport: .udp)])))
        #expect(harness.window(lobby)?.roster.sorted.map(\.nick) == ["alice", "bob"])
        let joined = harness.receive(.joined(Joined(room: "#lobby", nick: "carol", transport: .line, time: 0)))
        #expect(joined.appended(in: lobby).map(\.text) == ["carol joined (line)"])
        #expect(harness.window(lobby)?.memberCount == 3)
        let left = harness.receive(.left(Left(room: "#lobby", nick: "carol", reason: .timeout, time: 0)))
        #expect(left.appendedTexts == ["carol left (timeout)"])
        let parted = harness.receive(.left(Left(room: "#lobby", nick: "bob", reason: .part, detail: "lunch", time: 0)))
        #expect(parted.appendedTexts == ["bob left #lobby: lunch"])
        #expect(harness.window(lobby)?.roster.sorted.map(\.nick) == ["alice"])
        #expect(harness.machine.status.memberCount == 1)
        #expect(harness.window(dev)?.roster.count == 0)
    }

    @Test func aRenameIsToldWhereThePersonIsSeenAndTheirConversationFollowsThem() {
        var harness = Harness()
        let bob = RosterEntry(nick: "bob", transport: .udp)
        harness.connect(rooms: [RoomEntry(roster: [bob]), RoomEntry("#dev"), RoomEntry("#ops", roster: [bob])])
        harness.receive(.chat(privateChat(1, from: "bob", to: "alice", "hi")))
        let renamed = harness.receive(.renamed(Renamed(old: "bob", new: "robert", time: 0)))
        #expect(renamed.appended(in: lobby).map(\.text) == ["bob is now known as robert"])
        #expect(renamed.appended(in: .room("#ops")).count == 1)
        #expect(renamed.appended(in: dev).isEmpty)
        #expect(renamed.appended(in: .query("robert")).count == 1)
        #expect(harness.window(.query("bob")) == nil)
        #expect(harness.window(.query("robert"))?.title == "@robert")
        #expect(harness.window(lobby)?.roster.entry(for: "ROBERT")?.transport == .udp)
    }

    @Test func ourOwnRenameChangesOurNickAndIsToldEverywhere() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        let nick = try #require(harness.type("/nick zed").sent.first)
        #expect(nick == .nick(NickChange(request: nick.request, nick: "zed")))
        #expect(harness.machine.nick == "alice")
        let effects = harness.receive(.renamed(Renamed(request: nick.request, old: "alice", new: "zed", time: 0)))
        #expect(harness.machine.nick == "zed")
        #expect(effects.appendedTexts == ["you are now known as zed", "you are now known as zed"])
        #expect(effects.contains(.statusChanged))
        #expect(harness.machine.requests.isEmpty)
    }

    @Test func reclaimsThePreferredNickOnceWhenAStaleSessionLeaves() throws {
        var harness = Harness()
        harness.connect(assignedNick: "alice2", rooms: [RoomEntry(), RoomEntry("#dev")])
        #expect(harness.machine.nick == "alice2")
        // One LEFT per room shared: the nick is asked for once.
        let effects = harness.receive(.left(Left(room: "#lobby", nick: "alice", reason: .timeout, time: 0)))
            + harness.receive(.left(Left(room: "#dev", nick: "alice", reason: .timeout, time: 0)))
        let nick = try #require(effects.sent.first)
        #expect(effects.sent == [.nick(NickChange(request: nick.request, nick: "alice"))])
        harness.receive(.renamed(Renamed(request: nick.request, old: "alice2", new: "alice", time: 0)))
        #expect(harness.machine.nick == "alice")
    }

    @Test func topicsAreShownAndKept() {
        var harness = Harness()
        let entered = harness.connect(rooms: [RoomEntry(topic: "welcome all")])
        #expect(entered.appendedTexts.contains("topic: welcome all"))
        let changed = harness.receive(.topic(Topic(room: "#lobby", text: "release day", setBy: "bob", time: 0)))
        #expect(changed.appendedTexts == ["bob set the topic: release day"])
        #expect(harness.window(lobby)?.topic == "release day")
    }

    @Test func aCrowdedRoomsHeadCountGoesToItsWindow() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        harness.type("/query bob")
        let effects = harness.receive(.entered(Entered(room: "#dev", replayCount: 0, members: 5000))) + harness.receive(.notice("5000 people are here"))
        #expect(effects.appended(in: dev).map(\.text) == ["5000 people are here"])
        #expect(harness.receive(.notice("relay restarting soon")).appended(in: .query("bob")).map(\.kind) == [.notice])
    }

    @Test func malformedFramesAreReportedNotFatal() {
        var harness = Harness()
        harness.connect()
        let effects = harness.handle(.malformedFrame("frame type 0x11 has the undefined value 9", now: harness.now))
        #expect(effects.appended.map(\.kind) == [.error])
        #expect(harness.machine.link.isConnected)
    }
}
