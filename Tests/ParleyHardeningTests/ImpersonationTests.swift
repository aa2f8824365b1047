import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct Impersonation {
        /// Every way to speak as someone else: their nick in another case at HELLO (TCP and
        /// UDP), NICK to their nick, a CHAT frame naming them as sender, their request id (the
        /// idempotency key), `/nick` from a line client. Nobody ever receives a message "from"
        /// a watcher that the watcher did not send.
        @Test func nobodyCanSendAsAnotherNick() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let report = try arena.during(timeout: 20) { () throws -> [String] in
                var problems: [String] = []
                let upper = try FramedPeer(port: port, nick: "ALICE")
                defer { upper.close() }
                let udp = try LinkPeer(port: port, nick: "Bob")
                defer { try? udp.close() }
                let mallory = try FramedPeer(port: port, nick: "mallory")
                defer { mallory.close() }
                let line = try LinePeer(port: port)
                defer { line.close() }
                let everyone: [any TestPeer] = [upper, udp, mallory, line]
                guard try pump(everyone, timeout: 5, until: { upper.welcome != nil && udp.welcome != nil && mallory.welcome != nil }) else {
                    return ["the impostors could not join"]
                }
                for (peer, taken) in [(upper as ParleyPeer, "alice"), (udp, "bob")] where Nick.folded(peer.givenNick) == taken {
                    problems.append("\(peer.nick) was given \(peer.givenNick), which \(taken) holds")
                }

                // A CHAT frame is the relay's to send: from a client it is a request of a type the
                // relay does not know, refused with the "request id" its body begins with (here
                // the forged message's id).
                let forged = RelayMessage.chat(Chat(id: 999_999, time: 0, from: "alice", request: 4321, text: "forged by mallory"))
                // The watchers' request ids start at 1 (HELLO), so alice's first line was 2.
                let alicesRequest: UInt64 = 2
                let nickToBob = try mallory.changeNick(to: "BOB")
                let nickToCarol = try mallory.changeNick(to: "carol")
                try mallory.send(frame: forged.encoded())
                try mallory.say("mallory reuses alice's request id", request: alicesRequest)
                try line.type("/nick Alice")
                try line.type("/nick CAROL")
                try line.type("said by the line client")
                let answered = try pump(everyone, timeout: 5) {
                    mallory.errors(for: nickToBob).map(\.code) == [.nickInUse] && mallory.errors(for: nickToCarol).map(\.code) == [.nickInUse]
                        && mallory.errors(for: 999_999).map(\.code) == [.unknownRequest] && mallory.echoed.contains(alicesRequest)
                        && line.lines.count(where: { $0.hasPrefix("* error:") }) >= 2
                }
                guard answered else {
                    return ["the relay did not answer the impostors as it should: mallory \(mallory.received), line \(line.lines)"]
                }
                // The request id is the sender's own: alice's id from mallory is a new message of mallory's.
                let echoes = mallory.chats.filter { $0.request == alicesRequest && ($0.from == "mallory" || $0.text.hasPrefix("mallory")) }
                if echoes.count != 1 || echoes[0].from != "mallory" || echoes[0].text != "mallory reuses alice's request id" {
                    problems.append("mallory's submission with alice's request id came back as \(echoes)")
                }
                if mallory.givenNick != "mallory" || !mallory.renames.isEmpty { problems.append("mallory became \(mallory.renames)") }
                return problems
            }
            #expect(report.isEmpty, "\(report)")
            try arena.verify()
            for watcher in arena.watchers {
                for other in arena.watchers {
                    let claimed = other.chats.filter { $0.from == watcher.givenNick }
                    let forged = claimed.filter { !watcher.submitted.contains($0.request) || !$0.text.hasPrefix("line ") }
                    #expect(forged.isEmpty, "\(other.nick) received messages from \(watcher.nick) that it never sent: \(forged.prefix(3))")
                }
                #expect(!watcher.chats.contains { $0.text.contains("forged") })
            }
        }

        /// Whoever takes a nick after its owner leaves must not read the owner's private
        /// messages: neither by asking for every private message in HELLO (without the owner's
        /// resume token), nor by resubmitting one of the owner's request ids.
        @Test
        func aNewcomerUnderADepartedNickDoesNotReadItsPrivateMessages() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let leaked = try arena.during(timeout: 20) { () throws -> [String] in
                let dave = try FramedPeer(port: port, nick: "dave")
                guard try dave.joined() else { return ["dave could not join"] }
                let whisper = try FramedPeer(port: port, nick: "erin")
                defer { whisper.close() }
                guard try whisper.joined() else { return ["erin could not join"] }
                let request = try whisper.say("for dave only", to: .user("dave"))
                let secret = try dave.say("dave's own secret", to: .user("erin"))
                guard try pump([dave, whisper], timeout: 5, until: { dave.echoed.contains(secret) && whisper.echoed.contains(request) }) else {
                    return ["the private messages were not delivered"]
                }
                try dave.send(.bye("gone"))
                guard try pump([dave], timeout: 2, until: { dave.isClosedByRelay }) else { return ["dave's goodbye did not end his connection"] }
                dave.close()

                // Every private message after 0, and every room's whole history.
                let impostor = try FramedPeer(port: port, nick: "dave", history: Hello.allHistory)
                defer { impostor.close() }
                // Private messages would come between WELCOME and the first ENTERED: once the
                // lobby's replay is in, everything HELLO brings is.
                guard try impostor.waitUntil({ impostor.replay(in: RoomName.lobby) != nil }) else { return ["the impostor could not join"] }
                guard impostor.givenNick == "dave" else { return ["the newcomer was given \(impostor.givenNick), not dave's nick"] }
                var leaked = impostor.privateChats.map { "\($0.from) → \($0.to.name): \($0.text)" }
                if impostor.welcome?.privateReplayCount != 0 { leaked.append("WELCOME announced \(impostor.welcome!.privateReplayCount) private messages") }
                // dave's request id for his secret, resubmitted by the newcomer. (Others' messages
                // in the lobby's replay may carry the same id: ids are each sender's own.)
                try impostor.say("new text under an old request id", request: secret)
                let answers = { impostor.chats.filter { $0.request == secret && $0.from == impostor.givenNick } }
                guard try impostor.waitUntil({ !answers().isEmpty }) else { return leaked + ["the resubmission was not answered"] }
                leaked += answers().filter { $0.text != "new text under an old request id" || $0.isPrivate }.map { "the resubmission echoed \($0.text)" }
                return leaked
            }
            #expect(leaked.isEmpty, "a newcomer named dave received: \(leaked)")
            try arena.verify()
        }

        /// A client whose connection drops (no BYE) gets the private messages it missed when it
        /// resumes with its resume token; someone who resumes under its nick without the token
        /// gets none of them, and neither does anyone after that.
        @Test func onlyTheDroppedClientsOwnResumeReadsItsPrivateMessages() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let problems = try arena.during(timeout: 30) { () throws -> [String] in
                var problems: [String] = []
                let erin = try FramedPeer(port: port, nick: "erin")
                defer { erin.close() }
                var frank = try FramedPeer(port: port, nick: "frank")
                guard try erin.joined(), try frank.joined(), let firstToken = frank.welcome?.resumeToken else {
                    return ["erin and frank could not join"]
                }
                // Drops a connection without a goodbye; returns whether the relay noticed (so that
                // the nick is free again).
                func drop(_ peer: FramedPeer) throws -> Bool {
                    let nick = peer.givenNick
                    let seen = erin.lefts.count
                    peer.socket.abort()
                    return try pump([erin], timeout: 5) { erin.lefts.dropFirst(seen).contains { $0.nick == nick } }
                }
                // frank is sent a private message, and his connection drops before he reads it.
                let whisper = try erin.say("for frank only", to: .user("frank"))
                guard try pump([erin], timeout: 5, until: { erin.echoed.contains(whisper) }), let sent = erin.privateChats.last else {
                    return ["erin's private message was not accepted"]
                }
                let privateAfter = sent.id - 1
                guard try drop(frank) else { return ["the relay did not notice frank's connection drop"] }

                frank = try FramedPeer(port: port, nick: "frank", privateAfter: privateAfter, resumeToken: firstToken)
                guard try frank.joined(), let secondToken = frank.welcome?.resumeToken else { return ["frank could not resume"] }
                if frank.givenNick != "frank" { problems.append("frank resumed as \(frank.givenNick)") }
                if !(try frank.waitUntil(timeout: 2) { frank.privateChats.contains { $0.request == whisper } }) {
                    problems.append("frank's own resume did not get his private message")
                }
                if secondToken == firstToken { problems.append("the relay gave the same token twice") }
                guard try drop(frank) else { return problems + ["the relay did not notice frank's second drop"] }

                let mallory = try FramedPeer(port: port, nick: "frank", privateAfter: privateAfter, resumeToken: firstToken)
                defer { mallory.close() }
                // Private messages would come between WELCOME and ENTERED: wait for all of it.
                guard try mallory.waitUntil({ mallory.replay(in: RoomName.lobby) != nil }) else { return ["mallory could not join"] }
                if mallory.givenNick != "frank" { problems.append("mallory was given \(mallory.givenNick), not frank's nick") }
                let leaked = mallory.privateChats.map(\.text)
                if !leaked.isEmpty { problems.append("a resume with a stale token read \(leaked)") }
                return problems
            }
            #expect(problems.isEmpty, "\(problems)")
            try arena.verify()
        }
    }
}
