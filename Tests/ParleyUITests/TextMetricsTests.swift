import Testing
@testable import ParleyUI

struct TextMetricsTests {
    let metrics = TextMetrics.table

    @Test(arguments: [
        ("a", 1), ("你", 2), ("ア", 2), ("한", 2), ("！", 2), ("😀", 2), ("é", 1), ("e\u{301}", 1),
        ("👍🏽", 4), ("❤", 1), ("🇯🇵", 2), ("\u{1100}\u{1161}\u{11A8}", 2),
    ])
    func graphemeWidthIsTheSumOfScalarWidths(text: String, expected: Int) {
        #expect(metrics.width(of: Character(text)) == expected)
    }

    @Test func stringWidthAddsGraphemes() {
        #expect(metrics.width(of: "hi 你好 😀") == 3 + 4 + 1 + 2)
    }

    @Test func loneCombiningMarkGetsACarrier() {
        let glyph = metrics.glyph(for: "\u{301}", style: .plain)
        #expect(glyph.width == 1)
        #expect(glyph.grapheme.unicodeScalars.first == "\u{25CC}")
    }

    @Test func unprintableBecomesReplacement() {
        let glyph = metrics.glyph(for: "\u{1B}", style: .plain)
        #expect(glyph.grapheme == "\u{FFFD}")
        #expect(glyph.width == 1)
    }

    @Test func injectedWidthFunctionIsUsed() {
        let everythingWide = TextMetrics(scalarWidth: { _ in 2 })
        #expect(everythingWide.width(of: "abc") == 6)
    }

    @Test func newlineStaysAZeroWidthGlyph() {
        let glyphs = metrics.glyphs(of: "a\nb", style: .plain)
        #expect(glyphs.map(\.width) == [1, 0, 1])
    }
}
