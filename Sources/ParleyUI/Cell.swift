/// One cell of the screen grid.
///
/// A grapheme wider than one cell (CJK, most emoji) lives in its leading cell with `width`
/// set to the number of cells it covers; the cells it covers to the right are
/// continuation cells (`grapheme == nil`) and are never drawn on their own.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here, or `nil` for the right part of a wide grapheme.
    public var grapheme: Character?
    /// How many cells the grapheme covers (0 for a continuation cell).
    public var width: Int
    /// Colours and attributes.
    public var style: CellStyle

    /// Creates a cell.
    public init(grapheme: Character?, width: Int, style: CellStyle) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    /// A blank cell in `style`.
    public static func blank(_ style: CellStyle = .plain) -> Cell {
        Cell(grapheme: " ", width: 1, style: style)
    }

    /// Whether this is the right part of a wide grapheme.
    public var isContinuation: Bool { grapheme == nil }
}
