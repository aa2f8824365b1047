import ParleyWire

/// How line mode (`parley --plain`, scripts, bots) prints scrollback lines.
///
/// ```
/// [12:00:01] <alice> hello
/// [12:00:02] * alice waves
/// [12:00:03] *bob* a private word          (to us)
/// [12:00:04] -> *bob* a private reply      (from us)
/// [12:00:05] -!- carol joined (udp)
/// [12:00:06] -!- failed: rate limited — <alice> spam
/// [12:00:07] #dev <ada> a line from a room other than the current window
/// ```
/// Every line is made safe for a terminal with `SafeText` (no control characters; newlines become ⏎).
public enum LineFormatter {
    /// The line to print for `entry`, or `nil` when line mode prints nothing (our message still pending).
    ///
    /// - Parameters:
    ///   - utcOffset: seconds to add to UTC for the local `HH:MM:SS`.
    ///   - room: the room the line belongs to when it is not the current window's (printed after
    ///     the time); `nil` for the current window and for private conversations.
    public static func line(for entry: ScrollbackEntry, utcOffset: Int, room: String? = nil) -> String? {
        var stamp = "[\(clock(entry.time, utcOffset: utcOffset))] "
        if let room { stamp += SafeText.sanitize(room) + " " }
        switch entry.delivery {
        case .pending:
            return nil
        case .failed(let reason):
            return stamp + "-!- failed: " + SafeText.sanitize(reason) + " — " + body(of: entry)
        case .delivered, nil:
            return stamp + body(of: entry)
        }
    }

    /// `HH:MM:SS` for `time` (milliseconds since 1970-01-01 UTC) shifted by `utcOffset` seconds.
    public static func clock(_ time: UInt64, utcOffset: Int) -> String {
        let local = Int64(time / 1000) + Int64(utcOffset)
        let seconds = ((local % 86_400) + 86_400) % 86_400
        return pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
    }

    private static func body(of entry: ScrollbackEntry) -> String {
        let nick = SafeText.sanitize(entry.nick)
        let text = SafeText.sanitize(entry.text)
        switch entry.kind {
        case .message: return "<\(nick)> \(text)"
        case .action: return "* \(nick) \(text)"
        case .privateMessage(let to):
            return entry.delivery == nil ? "*\(nick)* \(text)" : "-> *\(SafeText.sanitize(to))* \(text)"
        case .privateAction(let to):
            return entry.delivery == nil ? "* *\(nick)* \(text)" : "-> * *\(SafeText.sanitize(to))* \(text)"
        case .notice: return "-!- \(text)"
        case .error: return "-!- error: \(text)"
        }
    }

    private static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
