import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineInputTests {
    @Test func aMessageIsPendingUntilItsEchoArrives() throws {
        var harness = Harness()
        harness.connect()
        let sent = harness.type("hello")
        let submit = try #require(sent.submits.first)
        #expect(submit.text == "hello" && submit.key != 0 && submit.target.isEmpty)
        #expect(sent.appended.first?.delivery == .pending)
        #expect(harness.machine.status.pendingCount == 1)
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", key: submit.key, text: "hello")))
        #expect(echo.appended.isEmpty)
        #expect(echo.updated.map(\.delivery) == [.delivered])
        #expect(echo.updated.first?.time == 5)
        #expect(harness.machine.scrollback.last?.delivery == .delivered)
        #expect(harness.machine.outbox.deliveredCount == 1)
        #expect(harness.machine.status.pendingCount == 0)
    }

    @Test func aRefusedMessageFailsWithTheRelaysReason() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("spam").submits[0]
        let refused = harness.receive(
            .error(ErrorReport(code: .rateLimited, key: submit.key, text: "slow down: at most 5 messages a second")))
        #expect(refused.updated.map(\.delivery) == [.failed(reason: "rate limited (slow down: at most 5 messages a second)")])
        #expect(harness.machine.status.failedCount == 1)
    }

    @Test func anEchoFromSomeoneElseWithOurKeyIsNotAnAcknowledgement() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("hello").submits[0]
        let effects = harness.receive(.chat(Chat(id: 1, time: 5, from: "mallory", key: submit.key, text: "hello")))
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
        let effects = harness.connect(lastID: 3, replay: [chat(3, from: "bob", "before")])
        #expect(effects.submits.map(\.text) == ["early"])
    }

    @Test func pendingMessagesAreResentAfterAReconnectWithTheSameKey() {
        var harness = Harness()
        harness.connect()
        let first = harness.type("one").submits[0]
        let second = harness.type("two").submits[0]
        harness.dropAndWaitForReconnect()
        #expect(harness.type("three").sent.isEmpty)
        let effects = harness.connect()
        #expect(effects.submits.map(\.key).prefix(2) == [first.key, second.key])
        #expect(effects.submits.map(\.text) == ["one", "two", "three"])
        #expect(harness.machine.outbox.pending.map(\.sendCount) == [2, 2, 1])
    }

    @Test func anEchoFoundInTheReplayIsNotResent() {
        var harness = Harness()
        harness.connect()
        let first = harness.type("one").submits[0]
        harness.type("two")
        harness.dropAndWaitForReconnect()
        // The relay had accepted "one" before the drop; its echo comes back in the replay.
        let replay = [Chat(id: 1, time: 9, from: "alice", key: first.key, text: "one")]
        let effects = harness.connect(lastID: 1, resume: .complete, replay: replay)
        #expect(effects.submits.map(\.text) == ["two"])
        #expect(effects.updated.map(\.text) == ["one"])
        #expect(effects.appendedTexts.filter { $0 == "one" }.isEmpty)
        // A duplicate echo for "one" (the relay deduped our resend) changes nothing.
        #expect(harness.receive(.chat(replay[0])).isEmpty)
    }

    @Test func actionsAndPrivateMessagesAreSubmittedAsSuch() {
        var harness = Harness()
        harness.connect()
        let action = harness.type("/me waves").submits[0]
        #expect(action.kind == .action && action.text == "waves")
        let effects = harness.type("/msg bob psst")
        #expect(effects.submits[0].target == "bob")
        #expect(effects.appended[0].kind == .privateMessage(to: "bob"))
        #expect(harness.type("/msg b@d hi").appended.map(\.kind) == [.error])
    }

    @Test func keysAreUniqueAndNonZero() {
        var harness = Harness()
        harness.connect()
        var keys = Set<UInt64>()
        for index in 0..<500 { keys.insert(harness.type("m\(index)").submits[0].key) }
        #expect(keys.count == 500 && !keys.contains(0))
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

    @Test func whoAsksTheRelayAndListsTheReply() {
        var harness = Harness()
        harness.connect()
        #expect(harness.type("/who").sent == [.who])
        let reply = harness.receive(
            .roster(Roster(entries: [RosterEntry(nick: "bob", transport: .udp), RosterEntry(nick: "alice", transport: .tcp)])))
        #expect(reply.appendedTexts == ["2 here: alice (tcp), bob (udp)"])
        #expect(harness.receive(.roster(Roster(entries: []))).appended.isEmpty)
    }

    @Test func nickIsValidatedLocallyAndRememberedWhileOffline() {
        var harness = Harness()
        #expect(harness.type("/nick bad!nick").appended.map(\.kind) == [.error])
        harness.type("/nick bob")
        #expect(harness.machine.nick == "bob")
        #expect(harness.handle(.start(now: harness.now)).contains(.connect))
        #expect(harness.handle(.transportUp(now: harness.now)).sent == [.hello(Hello(nick: "bob"))])
    }

    @Test func helpClearUnknownAndBell() {
        var harness = Harness()
        harness.connect()
        #expect(harness.type("/help").appended.count == Command.helpLines.count)
        #expect(harness.type("/clear") == [.clear])
        #expect(harness.machine.scrollback.isEmpty)
        #expect(harness.type("/foo").appendedTexts == ["unknown command /foo — try /help"])
        #expect(harness.type("/bell").appendedTexts == ["the bell is on"])
        #expect(harness.type("/bell off").contains(.statusChanged))
    }

    @Test func echoesOfClearedLinesAreStillReported() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("hello").submits[0]
        harness.type("/clear")
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", key: submit.key, text: "hello")))
        #expect(echo.updated.map(\.text) == ["hello"])
        #expect(echo.updated.map(\.delivery) == [.delivered])
    }

    @Test func quitWaitsForPendingMessagesThenExitsZero() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("last words").submits[0]
        let quitting = harness.type("/quit bye now")
        #expect(!quitting.contains { if case .exit = $0 { return true } else { return false } })
        let echo = harness.receive(.chat(Chat(id: 1, time: 5, from: "alice", key: submit.key, text: "last words")))
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
