import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineErrorsTests {
    @Test func aRefusedMessageFailsWithWordsFromItsCodeNeverTheRelaysText() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("spam").submits[0]
        let refused = harness.receive(.error(ErrorReport(request: submit.request, code: .rateLimited, text: "\u{1B}[31mIGNORED")))
        #expect(refused.updated.map(\.delivery) == [.failed(reason: "rate limited: sent too fast; wait a moment")])
        #expect(harness.machine.status.failedCount == 1)
    }

    @Test func aPrivateMessageToNobodySaysWhoIsNotHere() {
        var harness = Harness()
        harness.connect()
        let submit = harness.type("/msg ghost boo").submits[0]
        let refused = harness.receive(.error(ErrorReport(request: submit.request, code: .noSuchNick, text: "")))
        #expect(refused.updated.map(\.delivery) == [.failed(reason: "no such nick: nobody called ghost is here")])
    }

    @Test func aRefusedJoinLeavesItsWindowOutOfTheRoomAndSaysWhyThere() throws {
        var harness = Harness()
        harness.connect()
        let join = try #require(harness.type("/join #full").sent.first)
        let effects = harness.receive(.error(ErrorReport(request: join.request, code: .relayRoomsFull, text: "")))
        #expect(effects.appended(in: .room("#full")).map(\.text) == ["cannot join #full: the relay holds as many rooms as it may; try again later"])
        #expect(harness.window(.room("#full"))?.membership == .left)
        harness.dropAndWaitForReconnect()
        #expect(harness.handle(.transportUp(now: harness.now)).hellos.first?.rooms.map(\.room) == ["#lobby"])
    }

    @Test func aRoomHelloCouldNotReenterIsTheFirstOneNeitherEnteredNorRefused() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev"), RoomEntry("#ops")])
        harness.dropAndWaitForReconnect()
        harness.handle(.transportUp(now: harness.now))
        let request = try #require(harness.machine.hello?.request)
        harness.receive(.welcome(Welcome(request: request, nick: "alice", epoch: 7, time: 0, resumeToken: 1, roomCount: 2)))
        harness.receive(.entered(Entered(request: request, room: "#lobby")))
        harness.receive(.entered(Entered(request: request, room: "#ops")))
        let effects = harness.receive(.error(ErrorReport(request: request, code: .tooManyRooms, text: "")))
        #expect(effects.appended(in: dev).map(\.text) == ["cannot join #dev: you are in as many rooms as one connection may be (32)"])
        #expect(harness.window(dev)?.membership == .left)
        #expect(harness.window(.room("#ops"))?.membership == .joined)
    }

    @Test func aRefusedHelloSaysSoInTheWindowOnScreen() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        harness.handle(.transportUp(now: harness.now))
        let request = harness.machine.hello?.request ?? 0
        let effects = harness.receive(.error(ErrorReport(request: request, code: .serverFull, text: "")))
        #expect(effects.appendedTexts == ["the relay refused to let us in: it is full (or holds as many connections from this address as it may)"])
    }

    @Test func refusalsOfOtherRequestsAreShownWhereTheyWereAsked() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(), RoomEntry("#dev")])
        let names = try #require(harness.type("/names #gone").sent.first)
        harness.select(.number(2))
        let effects = harness.receive(.error(ErrorReport(request: names.request, code: .noSuchRoom, text: "")))
        #expect(effects.appended(in: lobby).map(\.text) == ["cannot list who is in #gone: there is no such room"])
        let nick = try #require(harness.type("/nick bob").sent.first)
        #expect(harness.receive(.error(ErrorReport(request: nick.request, code: .nickInUse, text: ""))).appendedTexts == [
            "cannot change your nick to bob: it is taken",
        ])
    }

    @Test func anErrorWithCodeZeroBeforeWelcomeMeansAnOlderRelay() {
        // A version 1 relay's ERROR read in version 2's layout: code 0, and a request id made of
        // its code and key.
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        harness.handle(.transportUp(now: harness.now))
        let effects = harness.receive(.error(ErrorReport(request: 0x0001_0000_0000_0000, code: ErrorCode(rawValue: 0), text: "")))
        #expect(effects.appendedTexts == ["the relay speaks an older protocol version than this client (2); it cannot be joined"])
    }

    @Test func unknownCodesAndUnknownRequestsStillSaySomething() {
        var harness = Harness()
        harness.connect()
        #expect(harness.receive(.error(ErrorReport(request: 0, code: ErrorCode(rawValue: 999), text: "new"))).appendedTexts == [
            "the relay reports an error: error 999",
        ])
    }
}
