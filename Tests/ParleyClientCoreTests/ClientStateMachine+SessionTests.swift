import ParleyWire
import Testing

@testable import ParleyClientCore

/// Resuming a room whose missed history comes in parts (ENTERED `resume == .more`).
@Suite struct ClientStateMachineSessionTests {
    /// Away from `#lobby` after #3; back to a relay that replays `first` with `resume` and `missed`.
    func resume(lastID: UInt64, _ resume: ResumeStatus, missed: UInt64 = 0, first: [UInt64]) -> (
        Harness, [ClientEffect]
    ) {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(lastID: 3)])
        harness.dropAndWaitForReconnect()
        let replay = first.map { chat($0, from: "bob", "m\($0)") }
        let effects = harness.connect(rooms: [RoomEntry(lastID: lastID, resume: resume, missed: missed, replay: replay)]
        )
        return (harness, effects)
    }

    /// The relay's answer to a JOIN for the next part: ENTERED, then the part's messages.
    func part(
        _ harness: inout Harness, answering request: UInt64, lastID: UInt64, _ resume: ResumeStatus, ids: [UInt64]
    ) -> [ClientEffect] {
        let entered = Entered(
            request: request, room: RoomName.lobby, lastID: lastID, resume: resume, replayCount: UInt32(ids.count))
        return harness.receive(.entered(entered)) + harness.receive(ids.map { .chat(chat($0, from: "bob", "m\($0)")) })
    }

    func joins(_ effects: [ClientEffect]) -> [Join] {
        effects.sent.compactMap { if case .join(let join) = $0 { return join } else { return nil } }
    }

    @Test func helloOffersPagedReplay() {
        var harness = Harness()
        harness.connect()
        #expect(harness.lastHello?.capabilities.contains(.pagedReplay) == true)
    }

    @Test func eachPartIsFollowedByAJoinForTheNextUntilTheLast() throws {
        var (harness, effects) = resume(lastID: 10, .more, first: [4, 5, 6])
        #expect(!effects.appendedTexts.contains { $0.contains("no longer kept") })
        #expect(effects.appendedTexts.contains("catching up on #lobby…"))
        let first = try #require(joins(effects).first)
        #expect(joins(effects) == [Join(request: first.request, room: RoomName.lobby, after: 6)])
        #expect(harness.machine.requests[first.request] == .join(RoomName.lobby))
        #expect(harness.window(lobby)?.cursor == 6)

        effects = part(&harness, answering: first.request, lastID: 10, .more, ids: [7, 8, 9])
        let second = try #require(joins(effects).first)
        #expect(second.after == 9)
        #expect(second.request != first.request)
        #expect(harness.machine.requests[first.request] == nil)
        #expect(!effects.appendedTexts.contains("catching up on #lobby…"))

        effects = part(&harness, answering: second.request, lastID: 10, .complete, ids: [10])
        #expect(joins(effects).isEmpty)
        #expect(harness.machine.requests.isEmpty)
        #expect(harness.window(lobby)?.cursor == 10)
        #expect(harness.window(lobby)?.catchUp == nil)
        #expect(harness.texts(in: lobby).filter { $0.hasPrefix("m") } == (4...10).map { "m\($0)" })
    }

    @Test func aMessageSaidBetweenPartsIsShownOnceAndTheNextPartStartsAfterTheReplay() throws {
        var (harness, effects) = resume(lastID: 10, .more, first: [4, 5, 6])
        let first = try #require(joins(effects).first)
        #expect(harness.receive(.chat(chat(11, from: "carol", "live"))).appendedTexts == ["live"])
        #expect(harness.window(lobby)?.cursor == 11)
        effects = part(&harness, answering: first.request, lastID: 11, .more, ids: [7, 8])
        let second = try #require(joins(effects).first)
        #expect(second.after == 8)
        // The last part carries the live message again; it is not shown twice.
        effects = part(&harness, answering: second.request, lastID: 11, .complete, ids: [9, 10, 11])
        #expect(effects.appendedTexts == ["m9", "m10"])
        #expect(harness.window(lobby)?.cursor == 11)
        #expect(
            harness.texts(in: lobby).filter { $0.hasPrefix("m") || $0 == "live" } == [
                "m4", "m5", "m6", "live", "m7", "m8", "m9", "m10",
            ])
    }

    @Test func aFirstPartAfterAGapSaysHowManyAreGoneAndAsksForTheRest() {
        let (_, effects) = resume(lastID: 40, .more, missed: 5, first: [9, 10])
        #expect(effects.appendedTexts.contains("5 messages said here while you were away are no longer kept"))
        #expect(joins(effects).map(\.after) == [10])
    }

    @Test func aPartThatBringsNothingEndsTheCatchingUpWithANotice() {
        var (harness, effects) = resume(lastID: 10, .more, first: [])
        #expect(joins(effects).isEmpty)
        #expect(
            effects.appendedTexts.contains(
                "7 messages said here while you were away could not be fetched: the relay sent none of them"))
        #expect(harness.window(lobby)?.catchUp == nil)
        #expect(harness.window(lobby)?.cursor == 10)
        effects = harness.receive(.chat(chat(11, from: "bob", "next")))
        #expect(effects.appendedTexts == ["next"])
    }

    @Test func aReconnectWhileCatchingUpResumesWhereTheCatchingUpGotTo() {
        var (harness, _) = resume(lastID: 10, .more, first: [4, 5, 6])
        harness.receive(.chat(chat(11, from: "carol", "live")))
        harness.dropAndWaitForReconnect()
        let replay = (7...12).map { chat($0, from: "bob", "m\($0)") }
        let effects = harness.connect(rooms: [RoomEntry(lastID: 12, resume: .complete, replay: replay)])
        #expect(harness.lastHello?.rooms == [RoomCursor(room: RoomName.lobby, after: 6)])
        #expect(joins(effects).isEmpty)
        #expect(
            effects.appended(in: lobby).map(\.text).filter { $0.hasPrefix("m") } == ["m7", "m8", "m9", "m10", "m12"])
        #expect(harness.window(lobby)?.cursor == 12)
        #expect(harness.window(lobby)?.catchUp == nil)
    }
}
