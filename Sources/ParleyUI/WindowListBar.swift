import ParleyClientCore
import ParleyWire

/// The status bar's window list: every window's number and title, with what happened there
/// since the user last looked, e.g. `1:#lobby [2:#dev] 3:@bob(1)! 4:#ops~ 5:#qa(12)!!`.
///
/// Marks after a title, one per activity level (the window on screen never has any):
///
/// | level           | mark     | colour         | example       |
/// |-----------------|----------|----------------|---------------|
/// | join/part       | `~`      | as the bar     | `4:#ops~`     |
/// | message         | `(N)`    | bold           | `2:#dev(3)`   |
/// | private message | `(N)!`   | bold magenta   | `3:@bob(1)!`  |
/// | mention         | `(N)!!`  | bold yellow    | `5:#qa(12)!!` |
///
/// N counts the messages since the user last looked (`99+` above 99). The window on screen is
/// bracketed and highlighted: `[2:#dev]`. When the list does not fit, it is compacted step by
/// step (`Compaction`): titles cut short, then numbers only, then only the windows with news,
/// then only the window on screen.
public enum WindowListBar {
    /// How much of the list is shown, from all of it to the least that still helps.
    public enum Compaction: Int, CaseIterable, Sendable {
        /// `1:#lobby [2:#dev] 3:@bob(1)!`
        case full
        /// Titles cut to `shortTitleWidth` cells: `1:#lobby [2:#develo…]`.
        case shortTitles
        /// Numbers only: `1 [2] 3(1)!`.
        case numbers
        /// Numbers of the window on screen and of those with news: `[2] 3(1)!`.
        case busy
        /// Only the number of the window on screen: `[2]`.
        case current
    }

    /// The most cells a title takes once cut short.
    public static let shortTitleWidth = 8

    /// The mark after a window's title for its activity (see the table above).
    public static func mark(for window: WindowSummary) -> String {
        let count = window.unreadCount > 99 ? "99+" : "\(window.unreadCount)"
        switch window.activity {
        case .none: return ""
        case .joinPart: return "~"
        case .message: return "(\(count))"
        case .privateMessage: return "(\(count))!"
        case .mention: return "(\(count))!!"
        }
    }

    /// The style of a window's entry on a bar drawn in `base`.
    public static func style(for window: WindowSummary, base: CellStyle) -> CellStyle {
        if window.isCurrent { return base.bolded.with(foreground: .cyan) }
        switch window.activity {
        case .none, .joinPart: return base
        case .message: return base.bolded
        case .privateMessage: return base.bolded.with(foreground: .magenta)
        case .mention: return base.bolded.with(foreground: .yellow)
        }
    }

    /// The glyphs of the list at `compaction` (empty when there is no window).
    public static func glyphs(
        for windows: [WindowSummary], compaction: Compaction, base: CellStyle, metrics: TextMetrics
    ) -> [Glyph] {
        var shown = windows
        switch compaction {
        case .busy: shown = windows.filter { $0.isCurrent || $0.activity > .none }
        case .current: shown = windows.filter(\.isCurrent)
        case .full, .shortTitles, .numbers: break
        }
        var glyphs: [Glyph] = []
        for (position, window) in shown.enumerated() {
            if position > 0 { glyphs += metrics.glyphs(of: " ", style: base) }
            glyphs += metrics.glyphs(of: text(for: window, compaction: compaction, metrics: metrics), style: style(for: window, base: base))
        }
        return glyphs
    }

    /// One window's entry as text: number, title, mark, brackets for the one on screen.
    static func text(for window: WindowSummary, compaction: Compaction, metrics: TextMetrics) -> String {
        let title = SafeText.sanitize(window.title)
        var text: String
        switch compaction {
        case .full: text = "\(window.number):\(title)"
        case .shortTitles: text = "\(window.number):\(cut(title, to: shortTitleWidth, metrics: metrics))"
        case .numbers, .busy, .current: text = "\(window.number)"
        }
        text += mark(for: window)
        return window.isCurrent ? "[\(text)]" : text
    }

    /// `text` in at most `width` cells, ending with "…" when cut.
    static func cut(_ text: String, to width: Int, metrics: TextMetrics) -> String {
        guard metrics.width(of: text) > width else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let cells = metrics.width(of: String(character))
            if used + cells > width - 1 { break }
            kept.append(character)
            used += cells
        }
        return kept + "…"
    }
}
