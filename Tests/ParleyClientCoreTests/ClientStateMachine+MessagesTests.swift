import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineMessagesTests {
    @Test func showsMessagesActionsAndPrivateMessages() {
        var harness = Harness()
        harness.connect()
        let effects =
            harness.receive(.chat(chat(1, from: "bob", "hi all")))
            + harness.receive(.chat(chat(2, from: "bob", "waves", kind: .action)))
            + harness.receive(.chat(chat(3, from: "bob", "psst", target: "alice")))
        #expect(effects.appended.map(\.kind) == [.message, .action, .privateMessage(to: "alice")])
        #expect(effects.appended.allSatisfy { $0.delivery == nil && $0.nick == "bob" })
        #expect(effects.filter { $0 == .bell }.count == 1)
    }

    @Test func dropsMessagesAlreadySeen() {
        var harness = Harness()
        harness.connect()
        harness.receive(.chat(chat(1, from: "bob", "one")))
        harness.receive(.chat(chat(2, from: "bob", "two")))
        #expect(harness.receive(.chat(chat(2, from: "bob", "two"))).appended.isEmpty)
        #expect(harness.receive(.chat(chat(1, from: "bob", "one"))).appended.isEmpty)
        #expect(harness.machine.scrollback.map(\.text).filter { $0 == "two" }.count == 1)
    }

    @Test func dedupesReplayedHistoryAfterAReconnect() {
        var harness = Harness()
        harness.connect(replay: [chat(1, from: "bob", "one"), chat(2, from: "bob", "two")])
        harness.dropAndWaitForReconnect()
        // The relay replays from our resume point, and by mistake one message we already have.
        let effects = harness.connect(
            lastID: 4, resume: .complete, replay: [chat(2, from: "bob", "two"), chat(3, from: "carol", "three"), chat(4, from: "bob", "four")])
        #expect(effects.appendedTexts.filter { !$0.contains("connected") } == ["three", "four"])
        #expect(harness.machine.lastSeenID == 4)
    }

    @Test func replayedHistoryDoesNotRingTheBell() {
        var harness = Harness()
        let effects = harness.connect(lastID: 1, replay: [chat(1, from: "bob", "alice: you there?")])
        #expect(effects.appended.last?.isMention == true)
        #expect(!effects.contains(.bell))
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

    @Test func keepsTheRosterUpToDate() {
        var harness = Harness()
        harness.connect()
        harness.receive(.roster(Roster(isFinal: false, entries: [RosterEntry(nick: "alice", transport: .tcp)])))
        #expect(harness.machine.roster.count == 0)
        harness.receive(.roster(Roster(isFinal: true, entries: [RosterEntry(nick: "bob", transport: .udp)])))
        #expect(harness.machine.roster.sorted.map(\.nick) == ["alice", "bob"])
        let joined = harness.receive(.joined(Joined(nick: "carol", transport: .line, time: 0)))
        #expect(joined.appendedTexts == ["carol joined (line)"])
        let renamed = harness.receive(.renamed(Renamed(old: "bob", new: "robert", time: 0)))
        #expect(renamed.appendedTexts == ["bob is now known as robert"])
        #expect(harness.machine.roster.entry(for: "ROBERT")?.transport == .udp)
        let left = harness.receive(.left(Left(nick: "carol", reason: .timeout, time: 0)))
        #expect(left.appendedTexts == ["carol left (timeout)"])
        #expect(harness.machine.roster.sorted.map(\.nick) == ["alice", "robert"])
        #expect(harness.machine.status.onlineCount == 2)
    }

    @Test func ourOwnRenameChangesOurNick() {
        var harness = Harness()
        harness.connect()
        #expect(harness.type("/nick zed").sent == [.nick("zed")])
        #expect(harness.machine.nick == "alice")
        let effects = harness.receive(.renamed(Renamed(old: "alice", new: "zed", time: 0)))
        #expect(harness.machine.nick == "zed")
        #expect(effects.appendedTexts == ["you are now known as zed"])
        #expect(effects.contains(.statusChanged))
    }

    @Test func reclaimsThePreferredNickWhenAStaleSessionLeaves() {
        var harness = Harness()
        harness.connect(assignedNick: "alice2")
        #expect(harness.machine.nick == "alice2")
        let effects = harness.receive(.left(Left(nick: "alice", reason: .timeout, time: 0)))
        #expect(effects.sent == [.nick("alice")])
        harness.receive(.renamed(Renamed(old: "alice2", new: "alice", time: 0)))
        #expect(harness.machine.nick == "alice")
    }

    @Test func relayErrorsWithoutAKeyAreShown() {
        var harness = Harness()
        harness.connect()
        let effects = harness.receive(.error(ErrorReport(code: .nickInUse, text: "the nick bob is taken")))
        #expect(effects.appended.map(\.kind) == [.error])
        #expect(effects.appendedTexts == ["the nick bob is taken"])
    }

    @Test func relayNoticesAreShown() {
        var harness = Harness()
        harness.connect()
        #expect(harness.receive(.notice("relay restarting soon")).appended.map(\.kind) == [.notice])
    }

    @Test func malformedFramesAreReportedNotFatal() {
        var harness = Harness()
        harness.connect()
        let effects = harness.handle(.malformedFrame("unknown frame type 0x99", now: harness.now))
        #expect(effects.appended.map(\.kind) == [.error])
        #expect(harness.machine.link.isConnected)
    }
}
