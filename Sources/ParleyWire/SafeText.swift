/// Makes text from the network harmless to print on a terminal.
///
/// Terminal control (ESC sequences, C0 and C1 controls, DEL) and bidirectional overrides are
/// replaced by visible stand-ins, so a peer can never move another user's cursor, change their
/// colours, retitle their window or reorder their screen. Newlines and tabs are kept or
/// expanded as the caller asks.
public enum SafeText {
    /// Returns `text` with every dangerous scalar replaced by a visible stand-in.
    ///
    /// - Parameters:
    ///   - keepNewlines: keep `\n` (multi-line messages); otherwise it becomes the visible `⏎`.
    /// - Complexity: O(n) in the number of scalars.
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isDangerous(scalar) {
            if scalar == "\n" && keepNewlines { continue }
            needsWork = true
            break
        }
        if !needsWork { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepNewlines: out.append(scalar)
            case 0x0A: out.append("⏎")
            case 0x09: out.append(contentsOf: "    ".unicodeScalars)
            case 0x0D: break  // a CR before LF is line-ending noise; a bare CR is never useful on screen
            case 0x1B: out.append("␛")
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value)!)  // ␀ ... ␟
            case 0x7F: out.append("␡")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Turns raw bytes that may not be UTF-8 into safe text: invalid sequences become U+FFFD.
    public static func sanitize(bytes: [UInt8], keepNewlines: Bool = false) -> String {
        sanitize(String(decoding: bytes, as: UTF8.self), keepNewlines: keepNewlines)
    }

    /// Whether `scalar` could control a terminal or reorder displayed text.
    public static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
