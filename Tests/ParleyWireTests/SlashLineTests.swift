import Testing
@testable import ParleyWire

@Suite struct SlashLineTests {
    @Test func readsBlankTextAndCommands() {
        #expect(SlashLine(" \t ") == .blank)
        #expect(SlashLine("hello, 世界") == .text("hello, 世界"))
        #expect(SlashLine("//etc/hosts") == .text("/etc/hosts"))
        #expect(SlashLine("/MSG  bob   hi there ") == .command(name: "msg", argument: "bob   hi there"))
        #expect(SlashLine("/who") == .command(name: "who", argument: ""))
    }

    @Test func leadingSpacesAndCombiningMarksAreReadByCharacter() {
        #expect(SlashLine("") == .blank)
        #expect(SlashLine("  hi") == .text("  hi"))
        #expect(SlashLine(" /who") == .text(" /who"))
        // A space carrying a combining accent is one character, and not a blank one.
        #expect(SlashLine(" \u{301}") == .text(" \u{301}"))
        #expect(SlashLine("\u{301}/who") == .text("\u{301}/who"))
    }

    @Test func firstWordSplitsOnSpacesAndTabs() {
        let (word, rest) = SlashLine.firstWord(of: "\tbob \t hi  there\t")
        #expect(word == "bob")
        #expect(rest == "hi  there")
        #expect(SlashLine.firstWord(of: "   ") == ("", ""))
    }
}
