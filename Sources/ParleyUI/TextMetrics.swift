/// Measures text in terminal cells, the way ncurses will lay it out.
///
/// ncurses gives every scalar `wcwidth(scalar)` cells and attaches zero-width scalars to
/// the cell before, so a grapheme covers the sum of its scalars' positive widths. The
/// scalar width function is injected: the terminal passes libc `wcwidth` (the very
/// function ncurses uses), tests use `WidthTable`, which agrees with it on the scripts
/// Parley cares about.
public struct TextMetrics: Sendable {
    /// Cells one scalar takes; negative for scalars that cannot be printed.
    public let scalarWidth: @Sendable (Unicode.Scalar) -> Int

    /// Creates metrics from a scalar width function (libc `wcwidth` semantics).
    public init(scalarWidth: @escaping @Sendable (Unicode.Scalar) -> Int) {
        self.scalarWidth = scalarWidth
    }

    /// Metrics from the built-in table: no C library needed.
    public static let table = TextMetrics(scalarWidth: WidthTable.width(of:))

    /// The stand-in for a grapheme that cannot be printed as it is.
    public static let replacement: Character = "\u{FFFD}"

    /// Cells `grapheme` covers when drawn as it is: the sum of its scalars' positive widths.
    public func width(of grapheme: Character) -> Int {
        var total = 0
        for scalar in grapheme.unicodeScalars {
            let width = scalarWidth(scalar)
            if width > 0 { total += width }
        }
        return total
    }

    /// Cells `text` covers once every grapheme is made printable.
    public func width(of text: some StringProtocol) -> Int {
        var total = 0
        for grapheme in text { total += glyph(for: grapheme, style: .plain).width }
        return total
    }

    /// `grapheme` as it will be drawn, with its width.
    ///
    /// A grapheme with an unprintable scalar becomes U+FFFD; one that would take no cell at
    /// all (a lone combining mark) gets a dotted circle to sit on, so every glyph covers at
    /// least one cell and ncurses never attaches it to a neighbour.
    public func glyph(for grapheme: Character, style: CellStyle) -> Glyph {
        var total = 0
        for scalar in grapheme.unicodeScalars {
            let width = scalarWidth(scalar)
            if width < 0 { return Glyph(grapheme: Self.replacement, width: 1, style: style) }
            total += width
        }
        if total == 0 {
            let carrier = Character(String(Unicode.Scalar(0x25CC)!) + String(grapheme))
            let width = self.width(of: carrier)
            return Glyph(grapheme: width >= 1 ? carrier : Self.replacement, width: max(width, 1), style: style)
        }
        return Glyph(grapheme: grapheme, width: total, style: style)
    }

    /// Every grapheme of `text` as a glyph in `style`; a newline stays a zero-width `"\n"`
    /// glyph, which `LineWrapper` turns into a row break.
    public func glyphs(of text: some StringProtocol, style: CellStyle) -> [Glyph] {
        text.map { $0 == "\n" ? Glyph(grapheme: "\n", width: 0, style: style) : glyph(for: $0, style: style) }
    }
}
