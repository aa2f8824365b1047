import Testing
@testable import ParleyUI

struct LineWrapperTests {
    let metrics = TextMetrics.table

    func wrap(_ text: String, width: Int, prefix: String = "", indent: Int? = nil) -> [String] {
        let prefixGlyphs = metrics.glyphs(of: prefix, style: .plain)
        let line = StyledLine(
            glyphs: prefixGlyphs + metrics.glyphs(of: text, style: .plain),
            hangingIndent: indent ?? metrics.width(of: prefix), prefixLength: prefixGlyphs.count)
        return LineWrapper.wrap(line, width: width).map(\.text)
    }

    @Test func shortLineIsOneRow() {
        #expect(wrap("hello", width: 20) == ["hello"])
    }

    @Test func breaksAfterSpacesAndDropsThemAtTheBreak() {
        #expect(wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
    }

    @Test func continuationRowsHangAtTheTextColumn() {
        #expect(
            wrap("one two three four", width: 24, prefix: "09:30 <bob> ") == [
                "09:30 <bob> one two", "            three four",
            ])
    }

    @Test func hangingIndentIsCappedAtHalfTheWidth() {
        let rows = wrap("aaa bbb ccc ddd", width: 20, prefix: "09:30 <bobbybobby> ")
        #expect(rows == ["09:30 <bobbybobby> a", "          aa bbb ccc", "          ddd"])
    }

    @Test func cutsWordsLongerThanARow() {
        #expect(wrap("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
    }

    @Test func chineseBreaksBetweenCharactersWithoutSpaces() {
        #expect(wrap("我们今天去公园散步吧", width: 8) == ["我们今天", "去公园散", "步吧"])
    }

    @Test func wideCharacterNeverStraddlesTheEdge() {
        // 7 columns: three wide characters take 6, the fourth moves down leaving a blank.
        let rows = wrap("你好世界", width: 7)
        #expect(rows == ["你好世", "界"])
        let line = StyledLine(glyphs: metrics.glyphs(of: "a你好世界", style: .plain))
        let widths = LineWrapper.wrap(line, width: 4).map { $0.glyphs.reduce(0) { $0 + $1.width } }
        #expect(widths == [3, 4, 2])
    }

    @Test func closingPunctuationDoesNotStartARow() {
        #expect(wrap("你好世界。再见", width: 8) == ["你好世", "界。再见"])
    }

    @Test func japaneseAndKoreanWrap() {
        #expect(wrap("こんにちは世界", width: 6) == ["こんに", "ちは世", "界"])
        #expect(wrap("안녕하세요 여러분", width: 10) == ["안녕하세요", "여러분"])
    }

    @Test func mixedLatinAndCJKBreaksAtTheWideCharacter() {
        #expect(wrap("hello你好", width: 7) == ["hello你", "好"])
    }

    @Test func emojiAreTwoCellsAndStayWhole() {
        #expect(wrap("😀😀😀", width: 5) == ["😀😀", "😀"])
        #expect(wrap("ok 👍🏽 yes", width: 7) == ["ok 👍🏽", "yes"])
    }

    @Test func combiningMarksStayWithTheirBase() {
        let text = "e\u{301}e\u{301}e\u{301}e\u{301}"
        let rows = wrap(text, width: 2)
        #expect(rows == ["e\u{301}e\u{301}", "e\u{301}e\u{301}"])
    }

    @Test func newlinesStartNewRowsAtTheIndent() {
        #expect(wrap("first\nsecond", width: 20, prefix: "> ") == ["> first", "  second"])
    }

    @Test func glyphWiderThanAnyRowIsReplaced() {
        let huge = Glyph(grapheme: "X", width: 9, style: .plain)
        let rows = LineWrapper.wrap(StyledLine(glyphs: [huge]), width: 4)
        #expect(rows.map(\.text) == ["\u{FFFD}"])
    }

    @Test func zeroWidthGivesNoRows() {
        #expect(LineWrapper.wrap(StyledLine(glyphs: metrics.glyphs(of: "x", style: .plain)), width: 0).isEmpty)
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13, 20])
    func noRowIsWiderThanTheScreen(width: Int) {
        let line = StyledLine(
            glyphs: metrics.glyphs(of: "09:30 <bob> 中文 mixed with 日本語 and 😀 emoji, 한국어 too", style: .plain),
            hangingIndent: 12, prefixLength: 12)
        for row in LineWrapper.wrap(line, width: width) {
            #expect(row.indent + row.glyphs.reduce(0) { $0 + $1.width } <= width)
        }
    }
}
