/// A logical line before wrapping: styled glyphs plus where wrapped rows start.
public struct StyledLine: Hashable, Sendable {
    /// The glyphs, in order. A `"\n"` glyph forces a new row.
    public var glyphs: [Glyph]
    /// The column continuation rows start at (the text column after a timestamp and nick).
    public var hangingIndent: Int
    /// How many leading glyphs are the prefix (timestamp, nick): the line never wraps inside
    /// or right after it, since that would only leave an empty-looking first row.
    public var prefixLength: Int

    /// Creates a line.
    public init(glyphs: [Glyph] = [], hangingIndent: Int = 0, prefixLength: Int = 0) {
        self.glyphs = glyphs
        self.hangingIndent = hangingIndent
        self.prefixLength = prefixLength
    }
}
