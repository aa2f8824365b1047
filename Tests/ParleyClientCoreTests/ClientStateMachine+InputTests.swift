import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineInputTests {
    @Test func aMessageIsPendingUntilItsEchoArrives() throws {
        var harness = Harness()
        harness.connect()
        let sent = harness.type("hello")
        let submit = try #require(sent.submits.first)
        #expect(submit.text == "hello" && submit.request != 0 && submit.to == .room("#lobby"))
        #expect(sent.appended.first?.delivery == .pending)
        #expect(harness.machine.status.pendingCount == 1)
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", request: submit.request, text: "hello")))
        #expect(echo.appended.isEmpty)
        #expect(echo.updated.map(\.delivery) == [.delivered])
        #expect(echo.updated.first?.time == 5)
        #expect(harness.window(lobby)?.scrollback.last?.delivery == .delivered)
        #expect(harness.window(lobby)?.cursor == 1)
        #expect(harness.machine.outbox.deliveredCount == 1)
        #expect(harness.machine.status.pendingCount == 0)
    }

    @Test func textGoesToTheRoomOrThePersonOfTheWindowOnScreen() {
        var harness = Harness()
        harness.connect()
        harness.type("/join #dev")
        harness.receive(.entered(Entered(request: harness.machine.lastRequest, room: "#Dev")))
        #expect(harness.type("in dev").submits.map(\.to) == [.room("#Dev")])
        harness.type("/query Bob")
        let effects = harness.type("just us")
        #expect(effects.submits.map(\.to) == [.user("Bob")])
        #expect(effects.appended(in: .query("bob")).map(\.kind) == [.privateMessage(to: "Bob")])
        let action = harness.type("/me waves")
        #expect(action.submits.map(\.kind) == [.action])
        #expect(action.appended(in: .query("bob")).map(\.kind) == [.privateAction(to: "Bob")])
    }

    @Test func anEchoFromSomeoneElseWithOurRequestIsNotAnAcknowledgement() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("hello").submits[0]
        let effects = harness.receive(.chat(Chat(id: 1, time: 5, from: "mallory", request: submit.request, text: "hello")))
        #expect(effects.updated.isEmpty)
        #expect(harness.machine.outbox.pendingCount == 1)
    }

    @Test func tooLongFailsAtOnceWithoutSending() {
        var harness = Harness()
        harness.connect()
        let effects = harness.type(String(repeating: "x", count: 4097))
        #expect(effects.sent.isEmpty)
        #expect(effects.appended.first?.delivery == .failed(reason: "too long: 4097 bytes, the limit is 4096"))
        #expect(harness.machine.status.failedCount == 1)
        #expect(harness.type(String(repeating: "é", count: 2048)).submits.count == 1)
    }

    @Test func messagesTypedWhileDisconnectedWaitForTheConnection() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        let typed = harness.type("early")
        #expect(typed.sent.isEmpty)
        #expect(typed.appended.first?.delivery == .pending)
        let effects = harness.connect(rooms: [RoomEntry(lastID: 3, replay: [chat(3, from: "bob", "before")])])
        #expect(effects.submits.map(\.text) == ["early"])
    }

    @Test func pendingMessagesAreResentOnlyAfterAllOfHellosReplay() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        let first = harness.type("one").submits[0]
        harness.dropAndWaitForReconnect()
        harness.type("two")
        harness.handle(.transportUp(now: harness.now))
        let request = try #require(harness.machine.hello?.request)
        var effects = harness.receive(
            .welcome(Welcome(request: request, nick: "alice", epoch: 7, time: 0, resumeToken: 1, privateReplayCount: 1, roomCount: 2)))
        effects += harness.receive(.chat(privateChat(3, from: "bob", to: "alice", "while you were away")))
        effects += harness.receive(.entered(Entered(request: request, room: "#lobby", lastID: 4, resume: .complete, replayCount: 1)))
        effects += harness.receive(.chat(chat(4, from: "bob", "missed")))
        effects += harness.receive(.entered(Entered(request: request, room: "#dev", lastID: 2, resume: .complete, replayCount: 2)))
        effects += harness.receive(.chat(chat(1, from: "carol", "dev one", room: "#dev")))
        #expect(effects.submits.isEmpty)
        let last = harness.receive(.chat(chat(2, from: "carol", "dev two", room: "#dev")))
        #expect(last.submits.map(\.text) == ["one", "two"])
        #expect(last.submits.first?.request == first.request)
        #expect(harness.machine.outbox.pending.map(\.sendCount) == [2, 1])
        #expect(harness.type("three").submits.map(\.text) == ["three"])
    }

    @Test func anEchoFoundInTheReplayIsNotResent() {
        var harness = Harness()
        harness.connect()
        let first = harness.type("one").submits[0]
        harness.type("two")
        harness.dropAndWaitForReconnect()
        // The relay had accepted "one" before the drop; its echo comes back in the replay.
        let echo = Chat(id: 1, time: 9, from: "alice", request: first.request, text: "one")
        let effects = harness.connect(rooms: [RoomEntry(lastID: 1, resume: .complete, replay: [echo])])
        #expect(effects.submits.map(\.text) == ["two"])
        #expect(effects.updated.map(\.text) == ["one"])
        #expect(effects.appendedTexts.filter { $0 == "one" }.isEmpty)
        // A duplicate echo for "one" (the relay deduped our resend) changes nothing.
        #expect(harness.receive(.chat(echo)).isEmpty)
    }

    @Test func actionsAndPrivateMessagesAreSubmittedAsSuch() {
        var harness = Harness()
        harness.connect()
        let action = harness.type("/me waves").submits[0]
        #expect(action.kind == .action && action.text == "waves")
        let effects = harness.type("/msg bob psst")
        #expect(effects.submits[0].to == .user("bob"))
        #expect(effects.appended(in: .query("bob")).map(\.kind) == [.privateMessage(to: "bob")])
        #expect(harness.machine.windows.current.id == lobby)
        #expect(harness.type("/msg b@d hi").appended.map(\.kind) == [.error])
    }

    @Test func requestIdsAreUniqueAndNonZero() {
        var harness = Harness()
        harness.connect()
        for index in 0..<500 { harness.type("m\(index)") }
        let ids = Set(harness.machine.outbox.pending.map(\.submit.request))
        #expect(ids.count == 500 && !ids.contains(0))
    }

    @Test func aFullOutboxRefusesMoreRatherThanLosingThem() {
        var harness = Harness { $0.outboxCapacity = 2 }
        harness.handle(.start(now: harness.now))
        harness.type("a")
        harness.type("b")
        let effects = harness.type("c")
        guard case .failed(let reason) = effects.appended.first?.delivery else {
            Issue.record("expected a failed line")
            return
        }
        #expect(reason.contains("too many messages waiting"))
    }

    @Test func nickIsValidatedLocallyAndRememberedWhileOffline() {
        var harness = Harness()
        #expect(harness.type("/nick bad!nick").appended.map(\.kind) == [.error])
        harness.type("/nick bob")
        #expect(harness.machine.nick == "bob")
        #expect(harness.handle(.start(now: harness.now)).contains(.connect))
        #expect(harness.handle(.transportUp(now: harness.now)).hellos.first?.nick == "bob")
    }

    @Test func theNickWeHaveIsNotAskedForAgain() {
        var harness = Harness()
        harness.connect()
        let same = harness.type("/nick alice")
        #expect(same.sent.isEmpty)
        #expect(same.appendedTexts == ["you are alice already"])
        #expect(harness.type("/nick Alice").sent.count == 1)
    }

    @Test func helpClearUnknownAndBell() {
        var harness = Harness()
        harness.connect()
        #expect(harness.type("/help").appended.count == Command.helpLines.count)
        #expect(harness.type("/clear") == [.clear(lobby)])
        #expect(harness.window(lobby)?.scrollback.isEmpty == true)
        #expect(harness.type("/foo").appendedTexts == ["unknown command /foo — try /help"])
        #expect(harness.type("/bell").appendedTexts == ["the bell is on"])
        #expect(harness.type("/bell off").contains(.statusChanged))
    }

    @Test func echoesOfClearedLinesAreStillReported() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("hello").submits[0]
        harness.type("/clear")
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", request: submit.request, text: "hello")))
        #expect(echo.updated.map(\.text) == ["hello"])
        #expect(echo.updated.map(\.delivery) == [.delivered])
    }

    @Test func quitWaitsForPendingMessagesThenExitsZero() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("last words").submits[0]
        let quitting = harness.type("/quit bye now")
        #expect(!quitting.contains { if case .exit = $0 { return true } else { return false } })
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", request: submit.request, text: "last words")))
        #expect(echo.sent == [.bye("bye now")])
        #expect(echo.contains(.exit(code: 0)))
    }

    @Test func endOfInputFailsWhatIsNotDeliveredInTimeAndExitsNonZero() {
        var harness = Harness { $0.drainTimeout = 3000 }
        harness.connect()
        harness.type("stuck")
        harness.handle(.transportDown(reason: "connection reset", now: harness.now))
        harness.handle(.inputEnded(now: harness.now))
        var effects: [ClientEffect] = []
        while let deadline = harness.machine.nextDeadline, !effects.contains(.exit(code: 1)) {
            harness.now = deadline
            effects += harness.handle(.tick(now: harness.now))
            if effects.contains(.connect) {
                effects += harness.handle(.transportDown(reason: "connection refused", now: harness.now))
            }
        }
        #expect(effects.updated.map(\.delivery) == [.failed(reason: "not delivered within 3s")])
        #expect(effects.contains(.exit(code: 1)))
    }

    @Test func aLocalFailureAlsoMakesTheExitCodeNonZero() {
        var harness = Harness()
        harness.connect()
        harness.type(String(repeating: "x", count: 5000))
        #expect(harness.handle(.inputEnded(now: harness.now)).contains(.exit(code: 1)))
    }
}
