import Testing
@testable import ParleyUI

struct GridTests {
    let metrics = TextMetrics.table

    @Test func writesAndReadsBackAsText() {
        var grid = Grid(rows: 2, columns: 6)
        grid.write(metrics.glyphs(of: "hi 你", style: .plain), row: 0, column: 0)
        #expect(grid.lines == ["hi 你", ""])
        #expect(grid[0, 3].width == 2)
        #expect(grid[0, 4].isContinuation)
    }

    @Test func wideGlyphNeverStraddlesTheEdge() {
        var grid = Grid(rows: 1, columns: 3)
        let end = grid.write(metrics.glyphs(of: "ab你", style: .plain), row: 0, column: 0)
        #expect(end == 2)
        #expect(grid.lines == ["ab"])
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var grid = Grid(rows: 1, columns: 4)
        grid.write(metrics.glyphs(of: "你好", style: .plain), row: 0, column: 0)
        grid.put(metrics.glyph(for: "x", style: .plain), row: 0, column: 1)
        #expect(grid.text(ofRow: 0) == " x好")
        #expect(!grid[0, 1].isContinuation)
    }

    @Test func clipsOutsideTheGrid() {
        var grid = Grid(rows: 1, columns: 2)
        let below = grid.put(metrics.glyph(for: "x", style: .plain), row: 1, column: 0)
        let left = grid.put(metrics.glyph(for: "x", style: .plain), row: 0, column: -1)
        #expect(!below && !left)
        #expect(grid.write(metrics.glyphs(of: "abc", style: .plain), row: 0, column: 0) == 2)
    }

    @Test func zeroSizedGridIsEmpty() {
        let grid = Grid(rows: 0, columns: -3)
        #expect(grid.lines.isEmpty)
        #expect(grid.columns == 0)
    }

    @Test func fillSetsStyle() {
        var grid = Grid(rows: 1, columns: 3)
        grid.fill(row: 0, from: 1, style: .statusBar)
        #expect(grid[0, 0].style == .plain)
        #expect(grid[0, 2].style == .statusBar)
    }

    @Test func rowsCompareCellByCell() {
        var first = Grid(rows: 2, columns: 4)
        first.write(metrics.glyphs(of: "ab", style: .plain), row: 0, column: 0)
        var second = first
        #expect(second.row(0, equals: first) && second.row(1, equals: first))
        second.write(metrics.glyphs(of: "b", style: .plain), row: 0, column: 0)
        #expect(!second.row(0, equals: first))
        second = first
        second.write(metrics.glyphs(of: "ab", style: .bold), row: 0, column: 0)
        #expect(!second.row(0, equals: first), "a style change counts")
        #expect(!Grid(rows: 2, columns: 5).row(1, equals: first), "so does a different width")
        #expect(!first.row(2, equals: first))
        #expect(Array(first.cells(ofRow: 1)) == Array(repeating: Cell.blank(), count: 4))
    }
}
