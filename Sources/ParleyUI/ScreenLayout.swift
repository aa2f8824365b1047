/// Where the three panes go: scrollback on top, then the status bar, then the input line.
///
/// Degrades gracefully below the supported 20×5: with two rows only the status bar and
/// the input line remain, with one only the input line.
public struct ScreenLayout: Hashable, Sendable {
    /// Total rows.
    public var rows: Int
    /// Total columns.
    public var columns: Int

    /// A layout for a screen `rows` × `columns` (negative values count as zero).
    public init(rows: Int, columns: Int) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
    }

    /// Rows of the scrollback area.
    public var scrollbackHeight: Int { max(rows - 2, 0) }

    /// The status bar's row, if there is room for it.
    public var statusRow: Int? { rows >= 2 ? rows - 2 : nil }

    /// The input line's row, if there is any row at all.
    public var inputRow: Int? { rows >= 1 && columns >= 1 ? rows - 1 : nil }
}
