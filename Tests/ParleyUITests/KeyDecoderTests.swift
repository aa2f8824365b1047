import Testing
@testable import ParleyUI

struct KeyDecoderTests {
    @Test func plainAndControlCharacters() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("a你\r\t\u{7F}\u{08}\u{01}\u{17}") == [
            .character("a"), .character("你"), .enter, .tab, .backspace, .backspace, .control("a"), .control("w"),
        ])
    }

    @Test func controlZIsAKeyNotASignal() {
        // In raw mode the terminal sends Ctrl-Z as the byte 0x1A; the app decides what it does.
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1A}") == [.control("z")])
        #expect(decoder.feed("a\u{1A}\u{1A}b") == [.character("a"), .control("z"), .control("z"), .character("b")])
        #expect(decoder.feed("\u{1B}\u{1A}") == [.escape, .control("z")])
    }

    @Test func controlZInsideAPasteIsPastedText() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1B}[200~a\u{1A}b\u{1B}[201~") == [.paste("a\u{1A}b")])
    }

    @Test func escapeThenKeyIsAlt() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1B}b\u{1B}f\u{1B}\u{7F}") == [.alt("b"), .alt("f"), .altBackspace])
    }

    @Test func loneEscapeIsReportedOnFlush() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1B}").isEmpty)
        #expect(decoder.flush() == [.escape])
        #expect(decoder.flush().isEmpty)
    }

    @Test func functionKeysFromNcursesPassThrough() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.key(.pageUp)) == [.pageUp])
        #expect(decoder.feed(.scalar("\u{1B}")).isEmpty)
        #expect(decoder.feed(.key(.pageDown)) == [.escape, .pageDown])
    }

    @Test func altWithArrowsAndDigitsAreWindowKeys() {
        var decoder = KeyDecoder()
        // xterm's Alt-Left and Alt-Right, then Ctrl-Left and Ctrl-Right (a word each way).
        #expect(decoder.feed("\u{1B}[1;3D\u{1B}[1;3C\u{1B}[1;5D\u{1B}[1;5C") == [.altLeft, .altRight, .alt("b"), .alt("f")])
        // Terminals that send Esc before an arrow ncurses decoded.
        #expect(decoder.feed(.scalar("\u{1B}")).isEmpty)
        #expect(decoder.feed(.key(.left)) == [.altLeft])
        #expect(decoder.feed(.scalar("\u{1B}")).isEmpty)
        #expect(decoder.feed(.key(.right)) == [.altRight])
        #expect(decoder.feed("\u{1B}1\u{1B}0\u{1B}a") == [.alt("1"), .alt("0"), .alt("a")])
    }

    @Test func rawControlSequencesAreDecodedOrSwallowed() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1B}[5~\u{1B}[6~\u{1B}[A\u{1B}[3~\u{1B}[1;5D") == [.pageUp, .pageDown, .up, .delete, .alt("b")])
        #expect(decoder.feed("\u{1B}[99;99zx") == [.character("x")])
    }

    @Test func bracketedPasteArrivesWhole() {
        var decoder = KeyDecoder()
        let keys = decoder.feed("\u{1B}[200~line one\r\nline two\rthree\u{1B}[201~z")
        #expect(keys == [.paste("line one\nline two\nthree"), .character("z")])
    }

    @Test func pasteSurvivesSplitReadsAndFlushes() {
        var decoder = KeyDecoder()
        #expect(decoder.feed("\u{1B}[200~你好").isEmpty)
        #expect(decoder.flush().isEmpty)
        #expect(decoder.isInPaste)
        #expect(decoder.feed("世界\u{1B}[20").isEmpty)
        #expect(decoder.flush().isEmpty)
        #expect(decoder.feed("1~") == [.paste("你好世界")])
        #expect(!decoder.isInPaste)
    }

    @Test func escapeInsidePasteThatIsNotTheEndStaysText() {
        var decoder = KeyDecoder()
        let keys = decoder.feed("\u{1B}[200~a\u{1B}[2Jb\u{1B}[201~")
        #expect(keys == [.paste("a\u{1B}[2Jb")])
    }

    @Test func pasteIsBounded() {
        var decoder = KeyDecoder()
        _ = decoder.feed("\u{1B}[200~")
        for _ in 0..<(KeyDecoder.maximumPasteScalars + 100) { _ = decoder.feed(.scalar("x")) }
        let keys = decoder.feed("\u{1B}[201~")
        guard case .paste(let text)? = keys.first else {
            Issue.record("no paste")
            return
        }
        #expect(text.unicodeScalars.count == KeyDecoder.maximumPasteScalars)
    }
}
