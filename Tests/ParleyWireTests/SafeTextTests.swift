import Testing
@testable import ParleyWire

@Suite struct SafeTextTests {
    @Test func escapeSequencesBecomeVisible() {
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}hi"
        let safe = SafeText.sanitize(hostile)
        #expect(!safe.unicodeScalars.contains { SafeText.isDangerous($0) })
        #expect(safe == "␛[2J␛]0;pwned␇hi")
    }

    @Test func bidiOverridesAndC1ControlsAreReplaced() {
        let safe = SafeText.sanitize("abc\u{202E}def\u{9B}31m\u{2066}")
        #expect(safe == "abc\u{FFFD}def\u{FFFD}31m\u{FFFD}")
    }

    @Test func newlinesAreKeptOnlyWhenAsked() {
        #expect(SafeText.sanitize("a\nb", keepNewlines: true) == "a\nb")
        #expect(SafeText.sanitize("a\nb") == "a⏎b")
        #expect(SafeText.sanitize("a\r\nb", keepNewlines: true) == "a\nb")
    }

    @Test func invalidUTF8BytesBecomeReplacementCharacters() {
        #expect(SafeText.sanitize(bytes: [0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "hello 世界 👋🏽 é"
        #expect(SafeText.sanitize(text) == text)
    }
}
