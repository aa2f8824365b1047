import ParleyWire
import Testing

@testable import ParleyClientCore

/// At most `Limits.maxSubmitsInFlight` SUBMITs unanswered at once (PROTOCOL.md §3.2): the rest
/// wait in the outbox, unsent, and go out in the order typed as earlier ones settle, on this
/// connection and after a reconnect.
@Suite struct ClientStateMachineInFlightTests {
    let window = Limits.maxSubmitsInFlight

    /// The texts typed by `paste`.
    static func texts(_ count: Int) -> [String] { (0..<count).map { "m\($0)" } }

    /// Types `count` lines at once (a paste): `m0`, `m1`, ...
    @discardableResult
    func paste(_ count: Int, into harness: inout Harness) -> [ClientEffect] {
        Self.texts(count).flatMap { harness.type($0) }
    }

    /// The relay's echo of `submit`, with the next id in `#lobby`.
    func echo(_ submit: Submit, in harness: inout Harness) -> [ClientEffect] {
        let id = (harness.window(lobby)?.cursor ?? 0) + 1
        return harness.receive(.chat(chat(id, from: "alice", submit.text, request: submit.request)))
    }

    @Test func aPasteOf100SendsOnlyTheOldest32() {
        var harness = Harness()
        harness.connect()
        let effects = paste(100, into: &harness)
        #expect(effects.submits.map(\.text) == Self.texts(window))
        #expect(effects.appended.count == 100)
        #expect(effects.appended.allSatisfy { $0.delivery == .pending })
        #expect(harness.machine.status.pendingCount == 100)
        #expect(harness.machine.outbox.inFlightCount == window)
        let sendCounts = Array(repeating: 1, count: window) + Array(repeating: 0, count: 100 - window)
        #expect(harness.machine.outbox.pending.map(\.sendCount) == sendCounts)
    }

    @Test func eachEchoReleasesTheNextInTheOrderTyped() {
        var harness = Harness()
        harness.connect()
        var inFlight = paste(100, into: &harness).submits
        var sent = inFlight
        // The fifth is echoed first (another order is the relay's business): the next typed goes out.
        let released = echo(inFlight.remove(at: 4), in: &harness).submits
        #expect(released.map(\.text) == ["m32"])
        inFlight += released
        sent += released
        while !inFlight.isEmpty {
            let next = echo(inFlight.removeFirst(), in: &harness).submits
            #expect(next.count <= 1)
            inFlight += next
            sent += next
            #expect(inFlight.count == min(window, harness.machine.outbox.pendingCount))
        }
        #expect(sent.map(\.text) == Self.texts(100))
        #expect(Set(sent.map(\.request)).count == 100)
        #expect(harness.machine.outbox.isEmpty)
        #expect(harness.machine.outbox.deliveredCount == 100)
    }

    @Test func anErrorSettlesItsMessageAndReleasesTheNext() {
        var harness = Harness()
        harness.connect()
        let submits = paste(34, into: &harness).submits
        let refused = harness.receive(.error(ErrorReport(request: submits[2].request, code: .rateLimited, text: "")))
        #expect(refused.updated.map(\.text) == ["m2"])
        #expect(refused.updated.map(\.delivery) == [.failed(reason: "rate limited: sent too fast; wait a moment")])
        #expect(refused.submits.map(\.text) == ["m32"])
        #expect(harness.machine.outbox.inFlightCount == window)
        #expect(harness.machine.outbox.pending.last?.sendCount == 0)
    }

    @Test func aReconnectResendsTheOldest32InOrderThenTheRestAsTheySettle() {
        var harness = Harness()
        harness.connect()
        let first = paste(40, into: &harness).submits
        #expect(first.count == window)
        harness.dropAndWaitForReconnect()
        #expect(harness.machine.outbox.inFlightCount == 0)
        let resent = harness.connect().submits
        #expect(resent == first)
        let sendCounts = Array(repeating: 2, count: window) + Array(repeating: 0, count: 40 - window)
        #expect(harness.machine.outbox.pending.map(\.sendCount) == sendCounts)
        var later: [Submit] = []
        for submit in resent { later += echo(submit, in: &harness).submits }
        #expect(later.map(\.text) == Array(Self.texts(40).suffix(8)))
        #expect(later.allSatisfy { $0.request != 0 && !first.map(\.request).contains($0.request) })
        for submit in later { #expect(echo(submit, in: &harness).submits.isEmpty) }
        #expect(harness.machine.outbox.isEmpty)
    }

    @Test func echoesFoundInTheReplayMakeRoomForTheNextAtOnce() {
        var harness = Harness()
        harness.connect()
        let first = paste(40, into: &harness).submits
        harness.dropAndWaitForReconnect()
        // The relay had accepted the first five before the drop; their echoes come back in the replay.
        let echoes = first.prefix(5).enumerated().map { index, submit in
            chat(UInt64(index + 1), from: "alice", submit.text, request: submit.request)
        }
        let resent = harness.connect(rooms: [RoomEntry(lastID: 5, resume: .complete, replay: echoes)]).submits
        #expect(resent.map(\.text) == Array(Self.texts(40)[5..<37]))
        #expect(harness.machine.outbox.inFlightCount == window)
    }

    @Test func messagesTypedWhileAwayWaitBehindTheOlderOnes() {
        var harness = Harness()
        harness.connect()
        paste(33, into: &harness)
        harness.dropAndWaitForReconnect()
        #expect(harness.type("while away").submits.isEmpty)
        let resent = harness.connect().submits
        #expect(resent.map(\.text) == Self.texts(window))
        let next = echo(resent[0], in: &harness).submits
        #expect(next.map(\.text) == ["m32"])
        #expect(echo(resent[1], in: &harness).submits.map(\.text) == ["while away"])
    }

    /// Line mode: a long piped input read before the connection is up, then the end of input.
    @Test func aLongPipedInputIsAllSentInOrderAndExitsZeroOnceSettled() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        paste(500, into: &harness)
        #expect(harness.handle(.inputEnded(now: harness.now)).sent.isEmpty)
        var inFlight = harness.connect().submits
        var sent = inFlight
        var last: [ClientEffect] = []
        while !inFlight.isEmpty {
            last = echo(inFlight.removeFirst(), in: &harness)
            inFlight += last.submits
            sent += last.submits
            #expect(inFlight.count <= window)
        }
        #expect(sent.map(\.text) == Self.texts(500))
        #expect(last.contains(.exit(code: 0)))
    }

    @Test func theDrainDeadlineFailsWhatWaitsWithoutSendingIt() {
        var harness = Harness { $0.drainTimeout = 3000 }
        harness.connect()
        paste(100, into: &harness)
        harness.handle(.inputEnded(now: harness.now))
        let effects = harness.advance(by: 3000)
        #expect(effects.submits.isEmpty)
        #expect(effects.updated.count == 100)
        #expect(effects.updated.allSatisfy { $0.delivery == .failed(reason: "not delivered within 3s") })
        #expect(effects.contains(.exit(code: 1)))
    }
}
