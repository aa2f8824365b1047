import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineWindowsTests {
    /// Connected, in `#lobby` (on screen), `#dev` and `#ops`.
    func threeRooms() -> Harness {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev"), RoomEntry("#ops")])
        return harness
    }

    @Test func activityRisesInWindowsNotOnScreenByLevel() {
        var harness = threeRooms()
        harness.receive(.joined(Joined(room: "#dev", nick: "carol", transport: .tcp, time: 0)))
        #expect(harness.window(dev)?.activity == .joinPart)
        harness.receive(.chat(chat(1, from: "carol", "hello", room: "#dev")))
        #expect(harness.window(dev)?.activity == .message)
        harness.receive(.chat(chat(2, from: "carol", "alice, look", room: "#dev")))
        #expect(harness.window(dev)?.activity == .mention)
        harness.receive(.left(Left(room: "#dev", nick: "carol", reason: .quit, time: 0)))
        #expect(harness.window(dev)?.activity == .mention)  // never lowered by something lesser
        #expect(harness.window(dev)?.unreadCount == 2)
        harness.receive(.chat(privateChat(1, from: "bob", to: "alice", "psst")))
        #expect(harness.window(.query("bob"))?.activity == .privateMessage)
        harness.receive(.chat(chat(1, from: "bob", "on screen")))
        #expect(harness.window(lobby)?.activity == Activity.none)
        #expect(harness.machine.status.windows.map { summaryText($0) } == [
            "[1:#lobby]", "2:#dev mention 2", "3:#ops", "4:@bob privateMessage 1",
        ])
    }

    @Test func selectingAWindowClearsItsActivityAndLeavesAnUnreadMarkerBehind() throws {
        var harness = threeRooms()
        harness.receive(.chat(chat(1, from: "bob", "read in the lobby")))
        let lastRead = try #require(harness.window(lobby)?.scrollback.last?.sequence)
        harness.receive(.chat(chat(1, from: "carol", "hi", room: "#dev")))
        let effects = harness.select(.number(2))
        #expect(effects == [.statusChanged])
        #expect(harness.machine.windows.current.id == dev)
        #expect(harness.window(dev)?.activity == Activity.none)
        #expect(harness.window(dev)?.unreadCount == 0)
        #expect(harness.window(lobby)?.unreadAfter == lastRead)
        harness.receive(.chat(chat(2, from: "bob", "said while away")))
        harness.select(.number(1))
        // Back in the lobby: the marker still sits after the last line read there.
        #expect(harness.window(lobby)?.unreadAfter == lastRead)
        #expect(harness.window(lobby)?.scrollback.last?.text == "said while away")
    }

    @Test func aWindowWithNothingNewSinceItWasLeftHasNoUnreadMarker() throws {
        var harness = threeRooms()
        harness.receive(.chat(chat(1, from: "bob", "read in the lobby")))
        harness.select(.number(2))
        harness.select(.number(1))  // nothing was said in the lobby meanwhile
        #expect(harness.window(lobby)?.unreadAfter == nil)
    }

    @Test func numbersAndNeighboursSelectAndWrapAround() {
        var harness = threeRooms()
        harness.select(.previous)
        #expect(harness.machine.windows.currentIndex == 2)
        harness.select(.next)
        #expect(harness.machine.windows.currentIndex == 0)
        harness.select(.number(3))
        #expect(harness.machine.windows.currentIndex == 2)
        #expect(harness.select(.number(9)).isEmpty)
        #expect(harness.machine.windows.currentIndex == 2)
    }

    @Test func altAChoosesTheMostImportantActivityAndAmongEqualsTheOldest() {
        var harness = threeRooms()
        #expect(harness.select(.activity).isEmpty)  // no news: nothing happens
        harness.receive(.chat(chat(1, from: "carol", "first", room: "#ops")))
        harness.receive(.joined(Joined(room: "#dev", nick: "dave", transport: .tcp, time: 0)))
        harness.receive(.chat(chat(1, from: "carol", "later", room: "#dev")))
        harness.receive(.chat(privateChat(1, from: "bob", to: "alice", "psst")))
        harness.receive(.chat(privateChat(2, from: "erin", to: "alice", "psst too")))
        harness.receive(.chat(chat(2, from: "carol", "alice: ping", room: "#ops")))
        // The mention first, then the private conversations (the older news first), then the
        // message in #dev.
        harness.select(.activity)
        #expect(harness.machine.windows.current.title == "#ops")
        harness.select(.activity)
        #expect(harness.machine.windows.current.title == "@bob")
        harness.select(.activity)
        #expect(harness.machine.windows.current.title == "@erin")
        harness.select(.activity)
        #expect(harness.machine.windows.current.title == "#dev")
        #expect(harness.select(.activity).isEmpty)
    }

    @Test func aTieGoesToTheWindowThatReachedTheLevelFirst() {
        var harness = threeRooms()
        harness.receive(.joined(Joined(room: "#ops", nick: "dave", transport: .tcp, time: 0)))
        harness.receive(.chat(chat(1, from: "carol", "one", room: "#dev")))
        harness.receive(.chat(chat(1, from: "carol", "two", room: "#ops")))
        // Both at "message"; #dev got there first (#ops had only a join before).
        harness.select(.activity)
        #expect(harness.machine.windows.current.id == dev)
    }

    @Test func queryOpensAndSelectsAConversationAndCloseGoesBack() {
        var harness = threeRooms()
        harness.select(.number(2))
        harness.type("/query Bob")
        #expect(harness.machine.windows.current.title == "@Bob")
        #expect(harness.type("/query bob").appended.isEmpty)
        #expect(harness.machine.windows.count == 4)
        harness.type("/close")
        #expect(harness.machine.windows.current.id == .room("#ops"))
        #expect(harness.window(.query("bob")) == nil)
        #expect(harness.type("/query b@d").appendedTexts == ["cannot talk privately with b@d: a nick may use letters, digits, '_', '-' and '.' only, not '@'"])
    }

    @Test func closingARoomLeavesItButTheLastWindowStays() throws {
        var harness = Harness()
        harness.connect()
        let effects = harness.type("/close")
        #expect(effects.appendedTexts == ["this is the only window; it stays open"])
        harness.type("/join #dev")
        let close = harness.type("/close")
        let part = try #require(close.sent.first)
        #expect(part == .part(Part(request: part.request, room: "#dev")))
        #expect(harness.machine.windows.windows.map(\.title) == ["#lobby"])
    }

    @Test func linesFromTheRoomsOfOtherWindowsAreLabelledInLineMode() {
        var harness = threeRooms()
        #expect(harness.machine.windows.roomLabel(for: dev) == "#dev")
        #expect(harness.machine.windows.roomLabel(for: lobby) == nil)
        #expect(harness.machine.windows.roomLabel(for: .query("bob")) == nil)
        harness.select(.number(2))
        #expect(harness.machine.windows.roomLabel(for: lobby) == "#lobby")
    }
}

/// A window summary in a few words, for comparing lists at a glance.
func summaryText(_ window: WindowSummary) -> String {
    let base = "\(window.number):\(window.title)"
    if window.isCurrent { return "[\(base)]" }
    return window.activity == .none ? base : "\(base) \(window.activity) \(window.unreadCount)"
}
