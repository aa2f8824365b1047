/// One screen row of a wrapped line.
public struct WrappedRow: Hashable, Sendable {
    /// Blank cells before the first glyph (the hanging indent on continuation rows).
    public var indent: Int
    /// The glyphs, left to right.
    public var glyphs: [Glyph]
    /// A style for the whole row's background (separators and markers fill the row).
    public var fill: CellStyle?

    /// Creates a row.
    public init(indent: Int = 0, glyphs: [Glyph] = [], fill: CellStyle? = nil) {
        self.indent = indent
        self.glyphs = glyphs
        self.fill = fill
    }

    /// The row's text (for tests and debugging).
    public var text: String {
        String(repeating: " ", count: indent) + String(glyphs.map(\.grapheme))
    }
}
