import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct TerminalInjection {
        /// Texts that would clear a screen, retitle a window, move the cursor, ring the bell or
        /// reverse the line if printed raw.
        static let payloads = [
            "clear \u{1B}[2J\u{1B}[H done",
            "title \u{1B}]0;pwned\u{07} done",
            "c1 csi \u{9B}31m red",
            "bidi \u{202E}txt.exe\u{202C} \u{2066}isolate\u{2069} \u{200F}mark",
            "nul \u{0} del \u{7F} bell \u{07} backspace \u{08}",
            "two lines\n\u{1B}[1Aup one line",
        ]

        /// What a line client must still see of the payloads (and of inky's goodbye).
        static let visibleWords = ["clear", "title", "c1 csi", "bidi", "nul", "two lines", "up one line", "typed clear", "inky left"]

        /// PROTOCOL.md §6 and SECURITY.md: the relay sanitizes what it sends to line clients;
        /// framed clients get the text exactly as sent (their own client sanitizes on display),
        /// whichever kind of client sent it.
        @Test func escapesReachLineClientsSanitizedAndFramedClientsIntact() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let result = try arena.during(timeout: 20) { () throws -> (lines: [[UInt8]], problems: [String]) in
                let inky = try FramedPeer(port: port, nick: "inky")
                defer { inky.close() }
                let typist = try LinePeer(port: port)
                defer { typist.close() }
                let reader = try LinePeer(port: port)
                defer { reader.close() }
                let everyone: [any TestPeer] = [inky, typist, reader]
                guard try pump(everyone, timeout: 5, until: { inky.welcome != nil && reader.lines.count >= 1 && typist.lines.count >= 1 }) else {
                    return ([], ["the clients could not join"])
                }
                for payload in Self.payloads { try inky.say(payload) }
                for payload in Self.payloads where !payload.contains("\n") && !payload.contains("\u{0}") { try typist.type("typed " + payload) }
                try inky.send(.bye("gone \u{1B}[31mred\u{1B}[0m \u{202E}"))
                let expected = Self.payloads.count + Self.payloads.count(where: { !$0.contains("\n") && !$0.contains("\u{0}") })
                let done = try pump(everyone, timeout: 5) {
                    reader.lines.count(where: { $0.contains("typed ") }) == expected - Self.payloads.count
                        && Self.visibleWords.allSatisfy { word in reader.lines.contains { $0.contains(word) } }
                }
                return (reader.rawLines, done ? [] : ["the line client did not receive everything: \(reader.lines)"])
            }
            #expect(result.problems.isEmpty, "\(result.problems)")

            // The line client: not one dangerous byte or scalar, but every message's visible words.
            for line in result.lines {
                let text = String(decoding: line, as: UTF8.self)
                #expect(!line.contains(0x1B) && !line.contains(0x07) && !line.contains(0x00) && !line.contains(0x7F), "raw control bytes reached a line client: \(line)")
                #expect(!text.unicodeScalars.contains(where: SafeText.isDangerous), "a dangerous scalar reached a line client: \(text.debugDescription)")
            }
            let shown = result.lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            for word in Self.visibleWords {
                #expect(shown.contains(word), "\(word) is missing from what the line client saw")
            }

            // The framed and UDP watchers: every text exactly as sent.
            let typedPayloads = Self.payloads.filter { !$0.contains("\n") && !$0.contains("\u{0}") }.map { "typed " + $0 }
            // Wait for exactly what is checked below (inky's texts, the typist's, and inky's LEFT).
            let intact = { (watcher: ParleyPeer) in
                watcher.chats.filter { $0.from == "inky" }.map(\.text) == Self.payloads
                    && watcher.chats.filter { $0.text.hasPrefix("typed ") }.map(\.text) == typedPayloads
                    && watcher.lefts.contains { $0.nick == "inky" && $0.detail.hasPrefix("gone \u{1B}[31m") }
            }
            try arena.chat(timeout: 5) { arena.watchers.allSatisfy(intact) }
            for watcher in arena.watchers {
                #expect(watcher.chats.filter { $0.from == "inky" }.map(\.text) == Self.payloads, "\(watcher.nick) did not get inky's texts intact")
                #expect(watcher.chats.filter { $0.text.hasPrefix("typed ") }.map(\.text) == typedPayloads, "\(watcher.nick) did not get the line client's texts intact")
                #expect(watcher.lefts.contains { $0.nick == "inky" && $0.detail.hasPrefix("gone \u{1B}[31m") })
            }
            try arena.verify()
        }
    }
}
