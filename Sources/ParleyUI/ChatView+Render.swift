import ParleyClientCore

extension ChatView {
    /// The style of the "N new messages" marker.
    public static let markerStyle = CellStyle(foreground: .yellow, isBold: true, isReverse: true)

    /// Computes the whole screen: scrollback rows, the new-messages marker, the status bar,
    /// the input line and where the cursor rests.
    ///
    /// Only the visible entries are wrapped.
    public func render<Entries: RandomAccessCollection<ScrollbackEntry>>(
        entries: Entries, status: StatusInfo
    ) -> Grid {
        var grid = Grid(rows: layout.rows, columns: layout.columns)
        guard layout.rows > 0, layout.columns > 0 else { return grid }
        let scroll = scrollState(in: entries)
        let height = layout.scrollbackHeight
        if height > 0 {
            let textRows = textHeight(in: entries)
            let rows = viewport.visibleRows(in: entries, formatter: formatter, height: textRows)
            for (y, row) in rows.enumerated() {
                if let fill = row.fill { grid.fill(row: y, style: fill) }
                grid.write(row.glyphs, row: y, column: row.indent)
            }
            if let marker = scroll.markerText, textRows < height {
                drawMarker(marker, row: height - 1, into: &grid)
            }
        }
        if let statusRow = layout.statusRow {
            let glyphs = StatusBar.glyphs(for: status, scroll: scroll, width: layout.columns, metrics: metrics)
            grid.write(glyphs, row: statusRow, column: 0)
        }
        if let inputRow = layout.inputRow {
            drawInput(row: inputRow, into: &grid)
        }
        return grid
    }

    private func drawMarker(_ text: String, row: Int, into grid: inout Grid) {
        let style = Self.markerStyle
        grid.fill(row: row, style: style)
        let label = metrics.glyphs(of: " " + text + " ", style: style)
        let width = label.reduce(0) { $0 + $1.width }
        let start = max((layout.columns - width) / 2, 0)
        let dash = metrics.glyph(for: "─", style: style)
        for x in 0..<layout.columns { grid.put(dash, row: row, column: x) }
        grid.write(label, row: row, column: start)
    }

    private func drawInput(row: Int, into grid: inout Grid) {
        if let paste = pendingPaste {
            let count = paste.split(separator: "\n", omittingEmptySubsequences: false).count
            let question = metrics.glyphs(of: "Send \(count) pasted lines? [y/N] ", style: CellStyle.bold.with(foreground: .yellow))
            let end = grid.write(question, row: row, column: 0)
            grid.cursor = ScreenPosition(row: row, column: min(end, layout.columns - 1))
            return
        }
        let view = editor.view(width: inputWidth, metrics: metrics)
        let prompt = view.isScrolled ? "« " : Self.prompt
        let promptEnd = grid.write(metrics.glyphs(of: prompt, style: .bold), row: row, column: 0)
        grid.write(view.glyphs, row: row, column: promptEnd)
        grid.cursor = ScreenPosition(row: row, column: min(promptEnd + view.cursorColumn, layout.columns - 1))
    }
}
