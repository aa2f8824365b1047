/// A cell position on the screen, row 0 at the top, column 0 at the left.
public struct ScreenPosition: Hashable, Sendable {
    /// The row, from the top.
    public var row: Int
    /// The column, in cells, from the left.
    public var column: Int

    /// Creates a position.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}
