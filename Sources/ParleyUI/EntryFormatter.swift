import ParleyClientCore
import ParleyWire

/// Turns scrollback entries into styled lines and wrapped rows for a given screen width.
///
/// Every text that came from the network (nicks, messages, reasons) goes through
/// `SafeText.sanitize` here, before it is measured or drawn, so escape sequences, control
/// characters, bidi overrides and invalid UTF-8 are shown as visible stand-ins and never
/// reach the terminal.
public struct EntryFormatter: Sendable {
    /// Width of the scrollback area in cells.
    public var width: Int
    /// How text is measured.
    public var metrics: TextMetrics
    /// Local time's offset from UTC, in seconds (east positive).
    public var utcOffsetSeconds: Int
    /// The sequence of the last line the user saw before leaving the window: the unread marker
    /// row comes before the line after it. `nil`: no marker.
    public var unreadAfter: UInt64?

    /// Creates a formatter.
    public init(width: Int, metrics: TextMetrics, utcOffsetSeconds: Int = 0, unreadAfter: UInt64? = nil) {
        self.width = width
        self.metrics = metrics
        self.utcOffsetSeconds = utcOffsetSeconds
        self.unreadAfter = unreadAfter
    }

    /// The words on the unread marker row.
    public static let unreadLabel = "unread"
    /// The unread marker row's style.
    public static let unreadStyle = CellStyle(foreground: .yellow)

    /// Glyph shown after our own message while the relay has not echoed it.
    public static let pendingMark = "·"
    /// Glyph shown after our own message once the relay echoed it.
    public static let deliveredMark = "✓"
    /// Glyph shown after our own message that could not be delivered (followed by the reason,
    /// which the client core words briefly).
    public static let failedMark = "✗"

    /// The rows `entry` takes on screen: the unread marker first when `previous` is the last
    /// line the user saw before leaving the window, a day separator when its day differs from
    /// `previous`'s (or it is the oldest line kept), then the wrapped line.
    public func rows(for entry: ScrollbackEntry, after previous: ScrollbackEntry?) -> [WrappedRow] {
        var rows: [WrappedRow] = []
        let day = CivilTime(milliseconds: entry.time, utcOffsetSeconds: utcOffsetSeconds)
        if let previous, let unreadAfter, previous.sequence == unreadAfter {
            rows.append(rule(labelled: Self.unreadLabel, style: Self.unreadStyle))
        }
        if let previous {
            let previousDay = CivilTime(milliseconds: previous.time, utcOffsetSeconds: utcOffsetSeconds)
            if previousDay.dayNumber != day.dayNumber { rows.append(separator(for: day)) }
        } else {
            rows.append(separator(for: day))
        }
        rows += LineWrapper.wrap(line(for: entry), width: width)
        return rows
    }

    /// A full-width "─── Tue 2024-05-14 ───" row.
    public func separator(for day: CivilTime) -> WrappedRow {
        rule(labelled: day.dateText, style: .dim)
    }

    /// A full-width rule with `text` in its middle: "─── text ───".
    private func rule(labelled text: String, style: CellStyle) -> WrappedRow {
        let label = " " + text + " "
        let labelWidth = metrics.width(of: label)
        let left = max((width - labelWidth) / 2, 0)
        let right = max(width - labelWidth - left, 0)
        let rule = String(repeating: "─", count: left) + label + String(repeating: "─", count: right)
        var glyphs: [Glyph] = []
        var used = 0
        for glyph in metrics.glyphs(of: rule, style: style) where used + glyph.width <= width {
            glyphs.append(glyph)
            used += glyph.width
        }
        return WrappedRow(glyphs: glyphs)
    }

    /// The unwrapped line for `entry`: "HH:MM <nick> text ✓" and its variants.
    public func line(for entry: ScrollbackEntry) -> StyledLine {
        let time = CivilTime(milliseconds: entry.time, utcOffsetSeconds: utcOffsetSeconds)
        let nick = SafeText.sanitize(entry.nick)
        let text = SafeText.sanitize(entry.text, keepNewlines: true)
        let nickStyle = NickColors.style(for: entry.nick)
        var textStyle: CellStyle = entry.isMention ? .mention : .plain
        var prefix = metrics.glyphs(of: time.clockText + " ", style: .dim)

        switch entry.kind {
        case .message:
            var shownNick = nickStyle
            if entry.isMention { shownNick.isReverse = true }
            prefix += metrics.glyphs(of: "<", style: .dim)
            prefix += metrics.glyphs(of: nick, style: shownNick)
            prefix += metrics.glyphs(of: "> ", style: .dim)
        case .action:
            prefix += metrics.glyphs(of: "* ", style: textStyle)
            prefix += metrics.glyphs(of: nick, style: nickStyle)
            prefix += metrics.glyphs(of: " ", style: textStyle)
        case .privateMessage(let recipient), .privateAction(let recipient):
            let to = SafeText.sanitize(recipient)
            let style = CellStyle(foreground: .magenta)
            prefix += metrics.glyphs(of: "[", style: style)
            if case .privateAction = entry.kind { prefix += metrics.glyphs(of: "* ", style: style) }
            prefix += metrics.glyphs(of: nick, style: nickStyle)
            prefix += metrics.glyphs(of: " → ", style: style)
            prefix += metrics.glyphs(of: to, style: NickColors.style(for: recipient))
            prefix += metrics.glyphs(of: "] ", style: style)
        case .notice:
            textStyle = entry.isMention ? .mention : .dim
            prefix += metrics.glyphs(of: "-- ", style: .dim)
        case .error:
            textStyle = .error
            prefix += metrics.glyphs(of: "!! ", style: .error)
        }

        var glyphs = prefix + metrics.glyphs(of: text, style: textStyle)
        switch entry.delivery {
        case nil:
            break
        case .pending:
            glyphs += metrics.glyphs(of: " " + Self.pendingMark, style: .dim)
        case .delivered:
            glyphs += metrics.glyphs(of: " " + Self.deliveredMark, style: CellStyle(foreground: .green))
        case .failed(let reason):
            glyphs += metrics.glyphs(of: " " + Self.failedMark + " " + SafeText.sanitize(reason), style: .error)
        }
        let indent = prefix.reduce(0) { $0 + $1.width }
        return StyledLine(glyphs: glyphs, hangingIndent: indent, prefixLength: prefix.count)
    }
}
