/// How a cell is drawn: colours and attributes.
public struct CellStyle: Hashable, Sendable {
    /// The text colour.
    public var foreground: TerminalColor
    /// The cell's background colour.
    public var background: TerminalColor
    /// Bold (often also brighter).
    public var isBold: Bool
    /// Dimmed (half-bright).
    public var isDim: Bool
    /// Foreground and background swapped.
    public var isReverse: Bool
    /// Underlined.
    public var isUnderline: Bool

    /// Creates a style; every attribute is off unless given.
    public init(
        foreground: TerminalColor = .default, background: TerminalColor = .default,
        isBold: Bool = false, isDim: Bool = false, isReverse: Bool = false, isUnderline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.isBold = isBold
        self.isDim = isDim
        self.isReverse = isReverse
        self.isUnderline = isUnderline
    }

    /// The terminal's default look.
    public static let plain = CellStyle()
    /// Half-bright text: timestamps, notices, separators.
    public static let dim = CellStyle(isDim: true)
    /// Bold text.
    public static let bold = CellStyle(isBold: true)
    /// The status bar: reversed video.
    public static let statusBar = CellStyle(isReverse: true)
    /// Problems the user should see.
    public static let error = CellStyle(foreground: .red, isBold: true)
    /// A line that mentions the user.
    public static let mention = CellStyle(foreground: .yellow, isBold: true)

    /// This style with a different foreground colour.
    public func with(foreground color: TerminalColor) -> CellStyle {
        var copy = self
        copy.foreground = color
        return copy
    }

    /// This style in bold.
    public var bolded: CellStyle {
        var copy = self
        copy.isBold = true
        return copy
    }
}
