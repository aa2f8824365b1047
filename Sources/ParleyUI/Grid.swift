/// A rectangle of cells: what the screen should show, computed by pure code.
///
/// The renderer fills a grid from the client's state; the terminal shell draws it with
/// ncurses; tests compare `lines` with ASCII art. Writes are clipped to the grid, and a
/// wide grapheme that would cross the right edge (or a limit) is not written.
public struct Grid: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (cells per row).
    public let columns: Int
    /// Where the terminal's cursor should rest, if anywhere.
    public var cursor: ScreenPosition?
    /// Row after row, `columns` cells each.
    @usableFromInline var cells: [Cell]

    /// A grid of blank cells. Negative sizes count as zero.
    public init(rows: Int, columns: Int, style: CellStyle = .plain) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.cells = Array(repeating: .blank(style), count: self.rows * self.columns)
    }

    /// The cell at `row`, `column` (both must be inside the grid).
    @inlinable
    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// The cells of `row` (which must be inside the grid), left to right; index them from
    /// `startIndex`, not 0.
    @inlinable
    public func cells(ofRow row: Int) -> ArraySlice<Cell> {
        cells[row * columns..<(row + 1) * columns]
    }

    /// Whether `row` shows the same as that row of `other`: same width, same cells.
    public func row(_ row: Int, equals other: Grid) -> Bool {
        guard columns == other.columns, row >= 0, row < rows, row < other.rows else { return false }
        return cells(ofRow: row) == other.cells(ofRow: row)
    }

    /// Whether `row`, `column` lies inside the grid.
    public func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < rows && column >= 0 && column < columns
    }

    /// Writes `glyph` at `row`, `column` if all of its cells fit before `limit` (default: the
    /// right edge). Returns whether it was written.
    @discardableResult
    public mutating func put(_ glyph: Glyph, row: Int, column: Int, limit: Int? = nil) -> Bool {
        let end = min(limit ?? columns, columns)
        guard row >= 0, row < rows, column >= 0, glyph.width >= 1, column + glyph.width <= end else { return false }
        for offset in 0..<glyph.width { clearCovering(row: row, column: column + offset) }
        cells[row * columns + column] = Cell(grapheme: glyph.grapheme, width: glyph.width, style: glyph.style)
        for offset in 1..<glyph.width {
            cells[row * columns + column + offset] = Cell(grapheme: nil, width: 0, style: glyph.style)
        }
        return true
    }

    /// Writes `glyphs` from `column` on, stopping at the first one that does not fit before
    /// `limit`. Returns the column after the last glyph written.
    @discardableResult
    public mutating func write(_ glyphs: [Glyph], row: Int, column: Int, limit: Int? = nil) -> Int {
        var x = column
        for glyph in glyphs {
            guard put(glyph, row: row, column: x, limit: limit) else { break }
            x += glyph.width
        }
        return x
    }

    /// Sets cells `from..<to` of `row` to blanks in `style`.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        let start = max(from, 0)
        let end = min(to ?? columns, columns)
        guard start < end else { return }
        for x in start..<end { clearCovering(row: row, column: x) }
        for x in start..<end { cells[row * columns + x] = .blank(style) }
    }

    /// The text of `row`: each drawn grapheme once, continuation cells skipped.
    public func text(ofRow row: Int) -> String {
        var out = ""
        for x in 0..<columns {
            if let grapheme = self[row, x].grapheme { out.append(grapheme) }
        }
        return out
    }

    /// Every row's text with trailing spaces removed: the grid as ASCII art.
    public var lines: [String] {
        (0..<rows).map { row in
            var line = text(ofRow: row)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// `lines` joined by newlines.
    public var asciiArt: String { lines.joined(separator: "\n") }

    /// Before a cell is overwritten, blank out any wide grapheme it is part of, so no half
    /// of a wide character is ever left behind.
    private mutating func clearCovering(row: Int, column: Int) {
        var lead = column
        while lead > 0 && cells[row * columns + lead].isContinuation { lead -= 1 }
        let cell = cells[row * columns + lead]
        guard cell.width > 1 else { return }
        for x in lead..<min(lead + cell.width, columns) {
            cells[row * columns + x] = .blank(cell.style)
        }
    }
}
