/// A grapheme ready to draw: its measured width and its style.
public struct Glyph: Hashable, Sendable {
    /// The grapheme, already made printable (see `TextMetrics.glyph(for:style:)`).
    public var grapheme: Character
    /// Cells it covers, at least 1.
    public var width: Int
    /// Colours and attributes.
    public var style: CellStyle

    /// Creates a glyph; prefer `TextMetrics.glyphs(of:style:)`, which measures and cleans.
    public init(grapheme: Character, width: Int, style: CellStyle) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    /// Whether this is a plain space (a place where a line may wrap).
    public var isSpace: Bool { grapheme == " " }
}
