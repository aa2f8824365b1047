import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineTests {
    @Test func startsByConnectingThenSaysHelloForTheLobby() throws {
        var harness = Harness { $0.history = 20 }
        let started = harness.handle(.start(now: harness.now))
        #expect(started.contains(.connect))
        #expect(harness.machine.link == .connecting(attempt: 1))
        let hello = try #require(harness.handle(.transportUp(now: harness.now)).hellos.first)
        #expect(hello.request != 0)
        #expect(hello == Hello(request: hello.request, nick: "alice", epoch: 0, history: 20, rooms: [RoomCursor(room: "#lobby")]))
    }

    @Test func welcomeConnectsAndAdoptsTheAssignedNick() {
        var harness = Harness()
        let effects = harness.connect(assignedNick: "alice_2", rooms: [RoomEntry(lastID: 7)])
        #expect(harness.machine.link == .connected(since: harness.now))
        #expect(harness.machine.nick == "alice_2")
        #expect(effects.appendedTexts.contains("the nick alice is taken; you are alice_2"))
        #expect(effects.contains(.statusChanged))
        #expect(harness.window(lobby)?.cursor == 7)
        #expect(harness.window(lobby)?.membership == .joined)
    }

    @Test func aWelcomeForAnotherRequestIsIgnored() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        harness.handle(.transportUp(now: harness.now))
        harness.receive(.welcome(Welcome(request: 12345, nick: "alice", epoch: 1, time: 0, resumeToken: 1)))
        #expect(harness.machine.link == .connecting(attempt: 1))
    }

    @Test func statusExposesWhatTheStatusBarShows() {
        var harness = Harness { $0.transport = .udp; $0.relayName = "[::1]:7700" }
        let people = [RosterEntry(nick: "alice", transport: .udp), RosterEntry(nick: "bob", transport: .tcp)]
        harness.connect(rooms: [RoomEntry(roster: people)])
        harness.handle(.linkQuality(LinkQuality(roundTripTime: 12, retransmissions: 3)))
        let status = harness.machine.status
        #expect(status.memberCount == 2)
        #expect(status.windows == [WindowSummary(number: 1, title: "#lobby", isCurrent: true)])
        #expect(status.linkQuality == LinkQuality(roundTripTime: 12, retransmissions: 3))
        #expect(
            status.summary(now: harness.now) == "alice @ [::1]:7700 (udp) — connected — #lobby — 2 here — rtt 12ms, 3 retransmitted")
        harness.type("/query bob")
        #expect(harness.machine.status.memberCount == nil)
    }

    @Test func aDropSchedulesAReconnectThatResumesEveryRoomAfterItsCursor() throws {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(lastID: 2), RoomEntry("#dev", lastID: 9)])
        harness.receive(.chat(chat(5, from: "bob", "hi")))
        harness.receive(.chat(chat(10, from: "bob", "in dev", room: "#dev")))
        harness.receive(.chat(privateChat(4, from: "bob", to: "alice", "psst")))
        let dropped = harness.handle(.transportDown(reason: "connection reset by peer", now: harness.now))
        guard case .reconnecting(let at, 2, "connection reset by peer") = harness.machine.link else {
            Issue.record("expected reconnecting, got \(harness.machine.link)")
            return
        }
        #expect(harness.machine.status.summary(now: harness.now).contains("reconnecting in"))
        #expect(dropped.appended.last?.text.hasPrefix("disconnected (connection reset by peer); reconnecting in") == true)
        #expect(harness.machine.status.memberCount == nil)
        harness.now = at
        #expect(harness.handle(.tick(now: harness.now)).contains(.connect))
        let hello = try #require(harness.handle(.transportUp(now: harness.now)).hellos.first)
        #expect(hello.epoch == 7)
        #expect(hello.privateAfter == 4)
        #expect(hello.resumeToken == 0xA11CE)
        #expect(hello.rooms == [RoomCursor(room: "#lobby", after: 5), RoomCursor(room: "#dev", after: 10)])
    }

    @Test func aReconnectSendsBackTheLatestResumeToken() {
        var harness = Harness()
        harness.connect(token: 0xA11CE)
        harness.dropAndWaitForReconnect()
        harness.connect(token: 0xB0B)
        #expect(harness.lastHello?.resumeToken == 0xA11CE)
        harness.dropAndWaitForReconnect()
        #expect(harness.handle(.transportUp(now: harness.now)).hellos.first?.resumeToken == 0xB0B)
    }

    @Test func aRoomEnteredEmptyAsksForAllHistoryWhenItReconnects() {
        var harness = Harness { $0.history = 0 }
        harness.connect(rooms: [RoomEntry(lastID: 0)])
        harness.dropAndWaitForReconnect()
        // "after 0" would mean "recent history", losing whatever was said meanwhile beyond it.
        let hello = harness.handle(.transportUp(now: harness.now)).hellos.first
        #expect(hello?.history == Hello.allHistory)
        #expect(hello?.rooms == [RoomCursor(room: "#lobby", after: 0)])
    }

    @Test func anEpochChangeIsToldOnceAndResetsEveryCursor() {
        var harness = Harness()
        harness.connect(epoch: 7, rooms: [RoomEntry(lastID: 50), RoomEntry("#dev", lastID: 8)])
        harness.receive(.chat(privateChat(9, from: "bob", to: "alice", "old psst")))
        harness.dropAndWaitForReconnect()
        // The relay restarted: a new epoch, fresh ids, and recent history in place of a resume.
        let restarted = harness.connect(
            epoch: 8, rooms: [RoomEntry(lastID: 1, replay: [chat(1, from: "bob", "new")]), RoomEntry("#dev")])
        #expect(harness.lastHello?.epoch == 7)
        #expect(restarted.appendedTexts.filter { $0.contains("restarted and lost its history") }.count == 1)
        #expect(restarted.appended(in: lobby).map(\.text).contains("new"))
        #expect(harness.machine.epoch == 8)
        #expect(harness.machine.privateCursor == 0)
        #expect(harness.window(lobby)?.cursor == 1)
        #expect(harness.window(dev)?.cursor == 0)
        #expect(harness.receive(.chat(privateChat(1, from: "bob", to: "alice", "new psst"))).appendedTexts == ["new psst"])
        harness.dropAndWaitForReconnect()
        let again = harness.connect(epoch: 8, rooms: [RoomEntry(lastID: 1), RoomEntry("#dev")])
        #expect(harness.lastHello?.epoch == 8)
        #expect(harness.lastHello?.privateAfter == 1)
        #expect(!again.appendedTexts.contains { $0.contains("restarted") })
    }

    @Test func aResumeGapSaysHowManyMessagesAreGone() {
        var harness = Harness()
        harness.connect(rooms: [RoomEntry(lastID: 3)])
        harness.dropAndWaitForReconnect()
        let effects = harness.connect(rooms: [RoomEntry(lastID: 20, resume: .gap, missed: 12, replay: [chat(20, from: "bob", "kept")])])
        #expect(effects.appendedTexts == ["reconnected to localhost:7700 over tcp as alice", "12 messages said here while you were away are no longer kept", "kept"])
    }

    @Test func noWelcomeInTimeAbandonsTheAttempt() {
        var harness = Harness { $0.connectTimeout = 2000 }
        harness.handle(.start(now: harness.now))
        harness.handle(.transportUp(now: harness.now))
        #expect(harness.machine.nextDeadline == harness.now + 2000)
        let effects = harness.advance(by: 2000)
        #expect(effects.first == .disconnect)
        guard case .reconnecting(_, _, let reason) = harness.machine.link else {
            Issue.record("expected reconnecting")
            return
        }
        #expect(reason == "no answer from the relay within 2s")
    }

    @Test func lateEventsFromAnAbandonedTransportAreIgnored() {
        var harness = Harness { $0.connectTimeout = 1000 }
        harness.handle(.start(now: harness.now))
        harness.advance(by: 1000)
        let link = harness.machine.link
        #expect(harness.handle(.transportDown(reason: "late", now: harness.now)).isEmpty)
        #expect(harness.handle(.transportUp(now: harness.now)).isEmpty)
        #expect(harness.machine.link == link)
    }

    @Test func silenceBringsAPingThenADisconnect() {
        var harness = Harness { $0.keepaliveInterval = 1000; $0.keepaliveTimeout = 500 }
        harness.connect()
        #expect(harness.advance(by: 999).sent.isEmpty)
        #expect(harness.advance(by: 1).sent == [.ping(1)])
        #expect(harness.machine.nextDeadline == harness.now + 500)
        let effects = harness.advance(by: 500)
        #expect(effects.contains(.disconnect))
        guard case .reconnecting(_, _, "the relay stopped answering") = harness.machine.link else {
            Issue.record("expected reconnecting")
            return
        }
    }

    @Test func anyTrafficCountsAsAnAnswerToPing() {
        var harness = Harness { $0.keepaliveInterval = 1000; $0.keepaliveTimeout = 500 }
        harness.connect()
        harness.advance(by: 1000)
        harness.receive(.pong(1))
        #expect(harness.machine.nextDeadline == harness.now + 1000)
    }

    @Test func answersPingWithPong() {
        var harness = Harness()
        harness.connect()
        #expect(harness.receive(.ping(99)).sent == [.pong(99)])
    }

    @Test func endOfInputWithNothingPendingExitsAtOnce() {
        var harness = Harness()
        harness.connect()
        let effects = harness.handle(.inputEnded(now: harness.now))
        #expect(effects.sent == [.bye("")])
        #expect(effects.contains(.disconnect))
        #expect(effects.contains(.exit(code: 0)))
        #expect(harness.machine.link == .down(reason: "quit"))
        #expect(harness.type("too late").isEmpty)
    }

    @Test func everyRequestTakesItsIdFromOneCounterNeverZero() {
        var harness = Harness()
        harness.connect()
        let hello = harness.lastHello?.request ?? 0
        let ids = [
            harness.type("hi").submits.first?.request, harness.type("/join #dev").sent.first?.request,
            harness.type("/list").sent.first?.request, harness.type("/names").sent.first?.request,
            harness.type("/topic").sent.first?.request, harness.type("/nick zed").sent.first?.request,
        ]
        #expect(ids == (1...6).map { hello &+ UInt64($0) })
        #expect(!ids.contains(0))
    }
}
