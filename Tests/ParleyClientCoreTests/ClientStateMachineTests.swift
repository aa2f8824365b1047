import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct ClientStateMachineTests {
    @Test func startsByConnectingThenSaysHello() {
        var harness = Harness { $0.history = 20 }
        let started = harness.handle(.start(now: harness.now))
        #expect(started.contains(.connect))
        #expect(harness.machine.link == .connecting(attempt: 1))
        let up = harness.handle(.transportUp(now: harness.now))
        #expect(up.sent == [.hello(Hello(nick: "alice", resumeAfter: 0, history: 20))])
    }

    @Test func welcomeConnectsAndAdoptsTheAssignedNick() {
        var harness = Harness()
        let effects = harness.connect(lastID: 7, assignedNick: "alice_2")
        #expect(harness.machine.link == .connected(since: harness.now))
        #expect(harness.machine.nick == "alice_2")
        #expect(effects.appendedTexts.contains("the nick alice is taken; you are alice_2"))
        #expect(effects.contains(.statusChanged))
        #expect(harness.machine.lastSeenID == 7)
    }

    @Test func statusExposesWhatTheStatusBarShows() {
        var harness = Harness { $0.transport = .udp; $0.relayName = "[::1]:7700" }
        harness.connect()
        harness.receive(.roster(Roster(entries: [RosterEntry(nick: "alice", transport: .udp), RosterEntry(nick: "bob", transport: .tcp)])))
        harness.handle(.linkQuality(LinkQuality(roundTripTime: 12, retransmissions: 3)))
        let status = harness.machine.status
        #expect(status.onlineCount == 2)
        #expect(status.linkQuality == LinkQuality(roundTripTime: 12, retransmissions: 3))
        #expect(status.summary(now: harness.now) == "alice @ [::1]:7700 (udp) — connected — 2 online — rtt 12ms, 3 retransmitted")
    }

    @Test func aDropSchedulesAReconnectThatResumesAfterTheLastSeenID() {
        var harness = Harness()
        harness.connect()
        harness.receive(.chat(chat(5, from: "bob", "hi")))
        let dropped = harness.handle(.transportDown(reason: "connection reset by peer", now: harness.now))
        guard case .reconnecting(let at, 2, "connection reset by peer") = harness.machine.link else {
            Issue.record("expected reconnecting, got \(harness.machine.link)")
            return
        }
        #expect(harness.machine.status.summary(now: harness.now).contains("reconnecting in"))
        #expect(dropped.appended.last?.text.hasPrefix("disconnected (connection reset by peer); reconnecting in") == true)
        #expect(harness.machine.status.onlineCount == 0)
        harness.now = at
        #expect(harness.handle(.tick(now: harness.now)).contains(.connect))
        let hello = harness.handle(.transportUp(now: harness.now)).sent
        #expect(hello == [.hello(Hello(nick: "alice", resumeAfter: 5))])
    }

    @Test func aReconnectSendsBackTheLatestResumeToken() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        harness.handle(.transportUp(now: harness.now))
        harness.receive(.welcome(Welcome(nick: "alice", lastID: 5, time: harness.now, resume: .fresh, replayCount: 0, resumeToken: 0xA11CE)))
        harness.dropAndWaitForReconnect()
        #expect(harness.handle(.transportUp(now: harness.now)).sent == [.hello(Hello(nick: "alice", resumeAfter: 5, resumeToken: 0xA11CE))])
        harness.receive(.welcome(Welcome(nick: "alice", lastID: 5, time: harness.now, resume: .complete, replayCount: 0, resumeToken: 0xB0B)))
        harness.dropAndWaitForReconnect()
        #expect(harness.handle(.transportUp(now: harness.now)).sent == [.hello(Hello(nick: "alice", resumeAfter: 5, resumeToken: 0xB0B))])
    }

    @Test func aClientWelcomedByAnEmptyRelayAsksForEverythingWhenItReconnects() {
        var harness = Harness { $0.history = 0 }
        harness.connect(lastID: 0)
        harness.dropAndWaitForReconnect()
        // "resume after 0" would mean a new session with no history, losing whatever was said
        // meanwhile; it asks for all the relay will replay instead.
        let hello = harness.handle(.transportUp(now: harness.now)).sent
        #expect(hello == [.hello(Hello(nick: "alice", resumeAfter: 0, history: Hello.defaultHistory - 1))])
        harness.receive(.welcome(Welcome(nick: "alice", lastID: 2, time: harness.now, resume: .fresh, replayCount: 2)))
        let replayed = harness.receive(.chat(chat(1, from: "bob", "said while away"))) + harness.receive(.chat(chat(2, from: "bob", "and this")))
        #expect(replayed.appendedTexts == ["said while away", "and this"])
        #expect(harness.machine.lastSeenID == 2)
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

    @Test func aRestartedRelayResetsTheDedupeMark() {
        var harness = Harness()
        harness.connect()
        harness.receive(.chat(chat(50, from: "bob", "old")))
        harness.dropAndWaitForReconnect()
        let effects = harness.connect(lastID: 0, resume: .gap)
        #expect(effects.appendedTexts.contains("the relay has restarted; messages from before the restart are gone"))
        #expect(harness.receive(.chat(chat(1, from: "bob", "new"))).appendedTexts == ["new"])
    }
}
