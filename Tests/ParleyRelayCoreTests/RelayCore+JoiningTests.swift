import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreJoiningTests {
    @Test func framedClientGetsPreambleWelcomeRosterAndOthersSeeJoined() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        #expect(relay.identified[alice] == .tcp)
        let bob = relay.framedClient("bob")
        let toBob = relay.take(bob)
        #expect(toBob.count == 3)
        guard case .welcome(let welcome) = toBob.first, case .entered(let entered) = toBob[1], case .roster(let roster) = toBob.last else {
            Issue.record("expected WELCOME, ENTERED, then ROSTER, got \(toBob)")
            return
        }
        #expect(welcome.nick == "bob")
        #expect(welcome.roomCount == 1)
        #expect(entered.room == RoomName.lobby)
        #expect(entered.resume == .fresh)
        #expect(entered.replayCount == 0)
        #expect(entered.members == 2)
        #expect(roster.room == RoomName.lobby)
        #expect(Set(roster.entries.map(\.nick)) == ["alice", "bob"])
        #expect(roster.isFinal)
        #expect(relay.take(alice).last == .joined(Joined(room: RoomName.lobby, nick: "bob", transport: .tcp, time: relay.now)))
        #expect(relay.logs.contains(.joined(bob, nick: "bob", transport: .tcp)))
    }

    @Test func takenNickGetsAVariantIgnoringCase() {
        var relay = RelayHarness()
        _ = relay.framedClient("Alice")
        let second = relay.framedClient("alice")
        let third = relay.framedClient("ALICE")
        #expect(relay.welcome(second)?.nick == "alice2")
        #expect(relay.welcome(third)?.nick == "ALICE3")
    }

    @Test func variantOfALongNickStaysWithinTheLimit() {
        var relay = RelayHarness()
        let long = String(repeating: "n", count: Limits.maxNickLength)
        _ = relay.framedClient(long)
        let second = relay.framedClient(long)
        let nick = relay.welcome(second)?.nick ?? ""
        #expect(nick.count == Limits.maxNickLength)
        #expect(nick.hasSuffix("2"))
    }

    @Test func emptyNickGetsAGuestNick() {
        var relay = RelayHarness()
        let id = relay.framedClient("")
        let nick = relay.welcome(id)?.nick ?? ""
        #expect(nick.hasPrefix("guest"))
        #expect(Nick.isValid(nick))
    }

    @Test func invalidNickInHelloIsRefusedAndClosed() {
        var relay = RelayHarness()
        let id = relay.framedClient("bad nick!")
        #expect(relay.errors(id).map(\.code) == [.invalidNick])
        #expect(relay.closed == [id])
        #expect(relay.lobby.isEmpty)
    }

    @Test func frameBeforeHelloIsAProtocolViolation() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "", now: relay.now))
        relay.send(id, Preamble.bytes + ClientMessage.submit(Submit(request: 1, text: "hi")).encoded())
        #expect(relay.errors(id).map(\.code) == [.protocolViolation])
        #expect(relay.closed == [id])
    }

    @Test func newClientGetsTheLast50ByDefaultOrWhatItAsks() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let talker = relay.framedClient("talker")
        for key in 1...60 { relay.submit(talker, key: UInt64(key), "message \(key)") }
        let fresh = relay.framedClient("fresh")
        #expect(relay.entered(fresh).first?.replayCount == 50)
        #expect(relay.chats(fresh).map(\.id) == Array(11...60))
        let few = relay.framedClient("few", history: 3)
        #expect(relay.chats(few).map(\.id) == [58, 59, 60])
        let none = relay.framedClient("none", history: 0)
        #expect(relay.chats(none).isEmpty)
        #expect(relay.entered(none).first?.replayCount == 0)
    }

    @Test func resumeWithinHistoryIsComplete() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let talker = relay.framedClient("talker")
        for key in 1...10 { relay.submit(talker, key: UInt64(key), "m\(key)") }
        let back = relay.framedClient("back", resumeAfter: 7)
        let entered = relay.entered(back).first
        #expect(entered?.resume == .complete)
        #expect(entered?.replayCount == 3)
        #expect(entered?.lastID == 10)
        #expect(entered?.missed == 0)
        #expect(relay.chats(back).map(\.id) == [8, 9, 10])
        let upToDate = relay.framedClient("current", resumeAfter: 10)
        #expect(relay.entered(upToDate).first?.resume == .complete)
        #expect(relay.chats(upToDate).isEmpty)
    }

    @Test func resumeBeyondHistoryReportsAGap() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 5, rate: 0))
        let talker = relay.framedClient("talker")
        for key in 1...10 { relay.submit(talker, key: UInt64(key), "m\(key)") }
        let back = relay.framedClient("back", resumeAfter: 2)
        let messages = relay.take(back)
        guard case .welcome = messages.first, case .entered(let entered) = messages[1] else {
            Issue.record("no WELCOME and ENTERED")
            return
        }
        #expect(entered.resume == .gap)
        #expect(entered.replayCount == 5)
        #expect(entered.missed == 3)  // #3, #4 and #5 are gone
        let chats = messages.compactMap { if case .chat(let c) = $0 { return c.id } else { return nil } }
        #expect(chats == [6, 7, 8, 9, 10])
        // The replayed CHATs directly follow the ENTERED.
        #expect(messages.dropFirst(2).prefix(5).allSatisfy { if case .chat = $0 { return true } else { return false } })
    }

    @Test func resumeFromAnotherRelayRunIsAGap() {
        var relay = RelayHarness()
        let back = relay.framedClient("back", resumeAfter: 500)
        #expect(relay.entered(back).first?.resume == .gap)
    }

    @Test func replayIsCappedByHalfTheOutboundQueue() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 1000, rate: 0, outboundQueueLimit: 65_536))
        let talker = relay.framedClient("talker")
        let text = String(repeating: "x", count: 4000)
        for key in 1...40 { relay.submit(talker, key: UInt64(key), text) }
        let back = relay.framedClient("back", resumeAfter: 1)
        let entered = relay.entered(back).first
        #expect(entered?.resume == .more)
        let replayed = relay.chats(back)
        #expect(Int(entered?.replayCount ?? 0) == replayed.count)
        #expect(replayed.count == 8)  // 8 × ~4 KB fit in 32 KiB
        #expect(replayed.map(\.id) == Array(2...9))
    }

    @Test func aClientThatDoesNotPageGetsTheNewestThatFitAndAGap() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 1000, rate: 0, outboundQueueLimit: 65_536))
        let talker = relay.framedClient("talker")
        let text = String(repeating: "x", count: 4000)
        for key in 1...40 { relay.submit(talker, key: UInt64(key), text) }
        let back = relay.framedClient("back", resumeAfter: 1, capabilities: [])
        let entered = relay.entered(back).first
        #expect(entered?.resume == .gap)
        #expect(entered?.missed == 31)
        #expect(relay.chats(back).map(\.id) == Array(33...40))
    }

    /// Resumes `id` in `#lobby` after `cursor` with JOIN until a part is not `.more`: the ENTERED
    /// of each part, and every id replayed, in order.
    func page(_ relay: inout RelayHarness, _ id: PeerID, after cursor: UInt64) -> (parts: [Entered], ids: [UInt64]) {
        var parts: [Entered] = []
        var ids: [UInt64] = []
        var after = cursor
        var request: UInt64 = 100
        while parts.count < 100 {
            relay.join(id, RoomName.lobby, after: after, request: request)
            let messages = relay.take(id)
            guard case .entered(let entered)? = messages.first else {
                Issue.record("no ENTERED: \(messages)")
                break
            }
            let chats = messages.compactMap { if case .chat(let chat) = $0 { return chat.id } else { return nil } }
            #expect(entered.request == request)
            #expect(Int(entered.replayCount) == chats.count)
            parts.append(entered)
            ids += chats
            guard entered.resume == .more, let last = chats.last else { break }
            after = last
            request += 1
        }
        return (parts, ids)
    }

    @Test func aResumeLargerThanTheBudgetComesInPartsOldestFirstEachMessageOnce() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 1000, rate: 0, outboundQueueLimit: 65_536))
        let talker = relay.framedClient("talker")
        let text = String(repeating: "x", count: 4000)
        for key in 1...100 { relay.submit(talker, key: UInt64(key), text) }
        let back = relay.framedClient("back", rooms: [])
        _ = relay.take(back)
        _ = relay.take(talker)
        let (parts, ids) = page(&relay, back, after: 3)
        #expect(ids == Array(4...100))
        #expect(parts.count == 13)  // 97 messages, 8 a part
        #expect(parts.dropLast().allSatisfy { $0.resume == .more && $0.missed == 0 && $0.lastID == 100 })
        #expect(parts.last?.resume == .complete)
        // Asking again for a room one is in announces nothing to the others.
        #expect(relay.take(talker).isEmpty)
    }

    @Test func aResumeOlderThanTheHistoryCountsWhatIsGoneThenPagesTheRest() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 20, rate: 0, outboundQueueLimit: 65_536))
        let talker = relay.framedClient("talker")
        let text = String(repeating: "x", count: 4000)
        for key in 1...40 { relay.submit(talker, key: UInt64(key), text) }
        let back = relay.framedClient("back", resumeAfter: 5)
        let first = relay.entered(back).first
        #expect(first?.resume == .more)
        #expect(first?.missed == 15)  // #6 to #20 are gone
        #expect(relay.chats(back).map(\.id) == Array(21...28))
        _ = relay.take(back)
        let (parts, ids) = page(&relay, back, after: 28)
        #expect(ids == Array(29...40))
        #expect(parts.map(\.resume) == [.more, .complete])
        #expect(parts.map(\.missed) == [0, 0])
    }

    @Test func messagesSaidBetweenPartsComeLiveAndInTheNextPart() {
        var relay = RelayHarness(RelaySettings(historyCapacity: 1000, rate: 0, outboundQueueLimit: 65_536))
        let talker = relay.framedClient("talker")
        let text = String(repeating: "x", count: 4000)
        for key in 1...12 { relay.submit(talker, key: UInt64(key), text) }
        let back = relay.framedClient("back", resumeAfter: 1)
        #expect(relay.chats(back).map(\.id) == Array(2...9))
        _ = relay.take(back)
        relay.submit(talker, key: 13, "live")
        #expect(relay.chats(back).map(\.id) == [13])
        _ = relay.take(back)
        let (parts, ids) = page(&relay, back, after: 9)
        #expect(ids == [10, 11, 12, 13])
        #expect(parts.map(\.resume) == [.complete])
    }

    @Test func privateMessagesAreReplayedOnlyToSenderAndRecipient() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        _ = relay.framedClient("bob")
        relay.submit(alice, key: 1, "public")
        relay.submit(alice, key: 2, "secret", to: "bob")
        let carol = relay.framedClient("carol")
        #expect(relay.chats(carol).map(\.text) == ["public"])
        let alice2 = relay.framedClient("Alice", history: 10)  // a second alice gets "Alice2"
        #expect(relay.chats(alice2).map(\.text) == ["public"])
        // alice's connection drops; she comes back and resumes with her token: her private
        // message is hers.
        relay.run(.disconnected(alice, reason: .error, now: relay.now))
        let aliceAgain = relay.framedClient("ALICE", resumeAfter: 1, token: relay.welcome(alice)?.resumeToken ?? 0)
        #expect(relay.chats(aliceAgain).map(\.text) == ["secret"])
    }

    @Test func aResumeWithoutTheNicksTokenGetsThePublicHistoryOnly() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.submit(bob, key: 1, "public")
        relay.submit(bob, key: 2, "for alice only", to: "alice")
        let token = relay.welcome(alice)?.resumeToken ?? 0
        #expect(token != 0)
        relay.run(.disconnected(alice, reason: .error, now: relay.now))  // dropped, not quit
        for guess in [0, token &+ 1, relay.welcome(bob)?.resumeToken ?? 0] {
            let mallory = relay.framedClient("alice", resumeAfter: 0x7FFF_FFFF, token: guess)
            #expect(relay.welcome(mallory)?.nick == "alice")
            #expect(relay.chats(mallory).map(\.text) == ["public"], "token \(guess)")
            relay.run(.disconnected(mallory, reason: .error, now: relay.now))
        }
        // The failed attempts sealed it: not even alice's own token brings it back now.
        let alice2 = relay.framedClient("alice", history: 10, token: token)
        #expect(relay.chats(alice2).map(\.text) == ["public"])
    }

    @Test func everyWelcomeGivesANewTokenAndOnlyTheLatestWorks() {
        var relay = RelayHarness()
        let bob = relay.framedClient("bob")
        var alice = relay.linkClient("alice")
        relay.submit(bob, key: 1, "for alice only", to: "alice")
        var tokens: [UInt64] = []
        for _ in 0..<3 {
            let token = relay.welcome(alice)?.resumeToken ?? 0
            tokens.append(token)
            relay.run(.disconnected(alice, reason: .timeout, now: relay.now))
            alice = relay.framedClient("alice", history: 10, token: token)
            #expect(relay.chats(alice).map(\.text) == ["for alice only"])
        }
        #expect(Set(tokens).count == 3 && !tokens.contains(0))
        relay.run(.disconnected(alice, reason: .timeout, now: relay.now))
        let stale = relay.framedClient("alice", history: 10, token: tokens[0])
        #expect(relay.chats(stale).isEmpty)
    }

    @Test func aTokenFollowsItsHolderThroughANickChange() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let bob = relay.framedClient("bob")
        relay.send(alice, .nick(NickChange(request: 1, nick: "alicia")))
        relay.submit(bob, key: 1, "for alicia only", to: "alicia")
        relay.run(.disconnected(alice, reason: .error, now: relay.now))
        let back = relay.framedClient("alicia", history: 10, token: relay.welcome(alice)?.resumeToken ?? 0)
        #expect(relay.chats(back).map(\.text) == ["for alicia only"])
    }

    @Test func aNewcomerUnderADepartedNickReadsNoneOfItsPrivateMessages() {
        var relay = RelayHarness()
        let dave = relay.framedClient("dave")
        let erin = relay.framedClient("erin")
        relay.submit(erin, key: 1, "for dave only", to: "dave")
        relay.submit(dave, key: 7, "dave's own secret", to: "erin")
        relay.send(dave, .bye("gone"))  // on purpose: dave will not resume
        let impostor = relay.framedClient("dave", resumeAfter: 1)
        #expect(relay.chats(impostor).isEmpty)
        relay.submit(impostor, key: 7, "new text under an old key")
        #expect(relay.chats(impostor).map(\.text) == ["new text under an old key"])
        // Delivered to the room as a new message, not as dave's private echo.
        #expect(relay.chats(erin).last?.to == .room(RoomName.lobby))
        #expect(relay.chats(erin).last?.text == "new text under an old key")
    }

    @Test func aNewcomerReusingAKeyGetsNoPrivateTextBack() {
        var relay = RelayHarness()
        let dave = relay.framedClient("dave")
        _ = relay.framedClient("erin")
        relay.submit(dave, key: 7, "dave's own secret", to: "erin")
        relay.run(.disconnected(dave, reason: .error, now: relay.now))
        let newcomer = relay.framedClient("dave")  // not resuming
        relay.submit(newcomer, key: 7, "guess", to: "erin")
        #expect(relay.chats(newcomer).map(\.text) == ["guess"])  // acknowledged, not revealed
        #expect(relay.core.privateHistory.lastID == 1)
    }

    @Test func aFreshJoinUnderAVacantNickDoesNotInheritIt() {
        var relay = RelayHarness()
        let dave = relay.framedClient("dave")
        let erin = relay.framedClient("erin")
        relay.submit(erin, key: 1, "for dave only", to: "dave")
        relay.run(.disconnected(dave, reason: .timeout, now: relay.now))
        let newcomer = relay.framedClient("dave")  // not resuming: someone new
        #expect(relay.chats(newcomer).isEmpty)
        let line = relay.lineClient(typing: "/nick erin2")
        relay.type(line, "/nick ERIN")  // erin is still here: refused
        #expect(relay.errors(line).map(\.code) == [.nickInUse])
    }

    @Test func rosterIsPagedAtTheFrameLimit() {
        var relay = RelayHarness(RelaySettings(maxPeers: 3000))
        for n in 0..<1001 { _ = relay.linkClient("p\(n)") }
        let asker = relay.framedClient("asker")
        _ = relay.take(asker)
        relay.advance(1_000)  // a fresh rate-limit bucket is not needed for one WHO, but be plain
        relay.send(asker, .who(Who(request: 1, room: RoomName.lobby)))
        let pages = relay.take(asker).compactMap { if case .roster(let r) = $0 { return r } else { return nil } }
        #expect(pages.map(\.entries.count) == [1000, 2])
        #expect(pages.map(\.isFinal) == [false, true])
    }

    @Test func aJoinerGetsTheRosterUpToOnePageAndAHeadCountBeyond() {
        var relay = RelayHarness(RelaySettings(maxPeers: 3000))
        for n in 0..<999 { _ = relay.linkClient("p\(n)") }
        let last = relay.framedClient("last")  // the 1000th: one full page
        let rosters = relay.take(last).compactMap { if case .roster(let r) = $0 { return r } else { return nil } }
        #expect(rosters.map(\.entries.count) == [1000])
        let crowd = relay.framedClient("crowd")  // the 1001st: a head count, no roster
        let messages = relay.take(crowd)
        #expect(!messages.contains { if case .roster = $0 { return true } else { return false } })
        #expect(messages.contains(.notice("1001 people are in #lobby; /names lists them")))
    }
}
