/// The shape of one typed line, as both the client's input line and the relay's plain-text
/// clients read it (PROTOCOL.md §6): blank, text to say, or `/name argument`.
///
/// `//text` says `/text`. The command name is lower-cased; each command's own table (the client's
/// `Command`, the relay's `LineCommand`) decides what its argument means.
public enum SlashLine: Equatable, Sendable {
    /// Only spaces and tabs.
    case blank
    /// Text to send as it is.
    case text(String)
    /// `/name argument`, the argument without the spaces around it.
    case command(name: String, argument: Substring)

    /// Reads one line, without its line ending.
    public init(_ line: String) {
        // Most lines are text: one that starts with anything but a space, a tab or a slash is.
        if let first = line.utf8.first, first != UInt8(ascii: "/"), first != UInt8(ascii: " "), first != UInt8(ascii: "\t") {
            self = .text(line)
        } else if line.allSatisfy(SlashLine.isBlank) {
            self = .blank
        } else if !line.hasPrefix("/") {
            self = .text(line)
        } else if line.hasPrefix("//") {
            self = .text(String(line.dropFirst()))
        } else {
            let (name, argument) = SlashLine.firstWord(of: line.dropFirst())
            self = .command(name: name.lowercased(), argument: argument)
        }
    }

    /// Splits `text` into its first word and the rest, both without the spaces around them.
    public static func firstWord(of text: Substring) -> (word: Substring, rest: Substring) {
        let trimmed = trimmingSpaces(text)
        let end = trimmed.firstIndex(where: isBlank) ?? trimmed.endIndex
        return (trimmed[..<end], trimmingSpaces(trimmed[end...]))
    }

    /// `text` without leading and trailing spaces and tabs.
    public static func trimmingSpaces(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    public static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }
}
