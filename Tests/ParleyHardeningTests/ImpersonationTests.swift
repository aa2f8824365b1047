import ParleyWire
import Testing

extension Hardening {
    @Suite struct Impersonation {
        /// Every way to speak as someone else: their nick in another case at HELLO (TCP and
        /// UDP), NICK to their nick, a CHAT frame naming them as sender, their idempotency key,
        /// `/nick` from a line client. Nobody ever receives a message "from" a watcher that the
        /// watcher did not send.
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
                let everyone: [any Peer] = [upper, udp, mallory, line]
                guard try pump(everyone, timeout: 5, until: { upper.welcome != nil && udp.welcome != nil && mallory.welcome != nil }) else {
                    return ["the impostors could not join"]
                }
                for (peer, taken) in [(upper as ParleyPeer, "alice"), (udp, "bob")] where Nick.folded(peer.givenNick) == taken {
                    problems.append("\(peer.nick) was given \(peer.givenNick), which \(taken) holds")
                }

                try mallory.send(.nick("BOB"))
                try mallory.send(.nick("carol"))
                try mallory.send(.chat(Chat(id: 999_999, time: 0, from: "alice", key: 1, text: "forged by mallory")))
                try mallory.send(.submit(Submit(key: 1, text: "mallory reuses alice's key 1")))
                try line.type("/nick Alice")
                try line.type("/nick CAROL")
                try line.type("said by the line client")
                guard try pump(everyone, timeout: 5, until: { mallory.errors.count >= 3 && mallory.echoedKeys.contains(1) && line.lines.count(where: { $0.contains("error") }) >= 2 }) else {
                    return ["the relay did not answer the impostors: mallory \(mallory.received), line \(line.lines)"]
                }
                let codes = mallory.errors.map(\.code)
                if codes.count(where: { $0 == .nickInUse }) != 2 { problems.append("NICK to a taken nick was not refused: \(codes)") }
                if !codes.contains(.protocolViolation) { problems.append("a CHAT frame from a client was not refused: \(codes)") }
                // The idempotency key is the sender's own: alice's key 1 is a new message from mallory.
                let echoes = mallory.chats.filter { $0.key == 1 && ($0.from == "mallory" || $0.text.hasPrefix("mallory")) }
                if echoes.count != 1 || echoes[0].from != "mallory" || echoes[0].text != "mallory reuses alice's key 1" {
                    problems.append("mallory's submission with alice's key came back as \(echoes)")
                }
                if mallory.givenNick != "mallory" { problems.append("mallory became \(mallory.givenNick)") }
                return problems
            }
            #expect(report.isEmpty, "\(report)")
            try arena.verify()
            for watcher in arena.watchers {
                for other in arena.watchers {
                    let claimed = other.chats.filter { $0.from == watcher.givenNick }
                    let forged = claimed.filter { !watcher.submittedKeys.contains($0.key) || !$0.text.hasPrefix("line ") }
                    #expect(forged.isEmpty, "\(other.nick) received messages from \(watcher.nick) that it never sent: \(forged.prefix(3))")
                }
                #expect(!watcher.chats.contains { $0.text.contains("forged") })
            }
        }

        /// Whoever takes a nick after its owner leaves must not read the owner's private
        /// messages: today HELLO with `resumeAfter` replays every private message to or from
        /// that nick still in the history ring, and a SUBMIT reusing one of the owner's keys is
        /// answered with the owner's original message.
        @Test
        func aNewcomerUnderADepartedNickDoesNotReadItsPrivateMessages() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let (leaked, privateIDs) = try arena.during(timeout: 20) { () throws -> ([String], Set<UInt64>) in
                let dave = try FramedPeer(port: port, nick: "dave")
                guard try dave.joined() else { return (["dave could not join"], []) }
                let whisper = try FramedPeer(port: port, nick: "erin")
                defer { whisper.close() }
                guard try whisper.joined() else { return (["erin could not join"], []) }
                let key = try whisper.say("for dave only", to: "dave")
                try dave.say("dave's own secret", to: "erin")
                _ = try pump([dave, whisper], timeout: 5) { dave.chats.count >= 2 && whisper.echoedKeys.contains(key) }
                try dave.send(.bye("gone"))
                _ = try pump([dave], timeout: 2) { dave.isClosedByRelay }
                dave.close()

                let impostor = try FramedPeer(port: port, nick: "dave", resumeAfter: 1, history: Hello.defaultHistory)
                defer { impostor.close() }
                let privateIDs = Set(whisper.chats.filter(\.isPrivate).map(\.id))
                guard try impostor.joined() else { return (["the impostor could not join"], privateIDs) }
                try impostor.send(.submit(Submit(key: 1, text: "new text under an old key")))
                _ = try pump([impostor], timeout: 2) { false }
                return (impostor.chats.filter { $0.isPrivate }.map { "\($0.from) → \($0.target): \($0.text)" }, privateIDs)
            }
            #expect(leaked.isEmpty, "a newcomer named dave received: \(leaked)")
            try arena.verify(privateIDs: privateIDs)
        }

        /// A client whose connection drops (no BYE) gets the private messages it missed when it
        /// resumes with its resume token; someone who resumes under its nick without the token
        /// gets none of them, and neither does anyone after that.
        @Test func onlyTheDroppedClientsOwnResumeReadsItsPrivateMessages() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let (problems, privateIDs) = try arena.during(timeout: 30) { () throws -> ([String], Set<UInt64>) in
                var problems: [String] = []
                let erin = try FramedPeer(port: port, nick: "erin")
                defer { erin.close() }
                var frank = try FramedPeer(port: port, nick: "frank")
                guard try erin.joined(), try frank.joined(), let firstToken = frank.welcome?.resumeToken else {
                    return (["erin and frank could not join"], [])
                }
                // Drops a connection without a goodbye, and waits until the relay has noticed.
                func drop(_ peer: FramedPeer) throws {
                    peer.socket.abort()
                    let left = erin.received.count
                    _ = try pump([erin], timeout: 5) { erin.received.dropFirst(left).contains { if case .left = $0 { return true } else { return false } } }
                }
                // frank is sent a private message, and his connection drops before he reads it.
                let whisper = try erin.say("for frank only", to: "frank")
                _ = try pump([erin], timeout: 5) { erin.echoedKeys.contains(whisper) }
                let resumeAfter = (erin.chats.last?.id ?? 1) - 1
                try drop(frank)

                frank = try FramedPeer(port: port, nick: "frank", resumeAfter: resumeAfter, history: Hello.defaultHistory, resumeToken: firstToken)
                guard try frank.joined(), let secondToken = frank.welcome?.resumeToken else { return (["frank could not resume"], []) }
                _ = try pump([frank], timeout: 1) { frank.chats.contains { $0.key == whisper } }
                if !frank.chats.contains(where: { $0.key == whisper && $0.isPrivate }) { problems.append("frank's own resume did not get his private message") }
                if secondToken == firstToken { problems.append("the relay gave the same token twice") }
                try drop(frank)

                let mallory = try FramedPeer(port: port, nick: "frank", resumeAfter: resumeAfter, history: Hello.defaultHistory, resumeToken: firstToken)
                defer { mallory.close() }
                guard try mallory.joined() else { return (["mallory could not join"], []) }
                _ = try pump([mallory], timeout: 1) { false }
                let leaked = mallory.chats.filter(\.isPrivate).map(\.text)
                if !leaked.isEmpty { problems.append("a resume with a stale token read \(leaked)") }
                mallory.close()
                return (problems, Set(erin.chats.filter(\.isPrivate).map(\.id)))
            }
            #expect(problems.isEmpty, "\(problems)")
            try arena.verify(privateIDs: privateIDs)
        }
    }
}
