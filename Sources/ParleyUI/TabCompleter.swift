/// Completes nicks and commands with Tab; pressing Tab again cycles through the matches.
///
/// The word before the cursor is completed: a word starting with "/" at the start of the
/// line from the commands, anything else from the nicks (ignoring case). A nick completed
/// at the start of the line gets ": " after it, elsewhere a space.
public struct TabCompleter: Hashable, Sendable {
    private struct Cycle: Hashable, Sendable {
        var wordStart: Int
        var matches: [String]
        var index: Int
        var insertedLength: Int
    }

    private var cycle: Cycle?

    /// Creates a completer with no cycle in progress.
    public init() {}

    /// Forgets the current cycle (any key other than Tab).
    public mutating func reset() { cycle = nil }

    /// Completes the word before the editor's cursor, or replaces the previous completion
    /// with the next match. Returns whether the line changed.
    @discardableResult
    public mutating func complete(_ editor: inout LineEditor, nicks: [String], commands: [String]) -> Bool {
        if var current = cycle, current.matches.count > 1 {
            current.index = (current.index + 1) % current.matches.count
            let replacement = decorated(current.matches[current.index], at: current.wordStart)
            replace(in: &editor, from: current.wordStart, length: current.insertedLength, with: replacement)
            current.insertedLength = replacement.count
            cycle = current
            return true
        }
        if cycle != nil { return false }
        let characters = editor.characters
        var start = editor.cursor
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        let word = String(characters[start..<editor.cursor])
        guard !word.isEmpty else { return false }
        let pool = start == 0 && word.hasPrefix("/") ? commands : nicks
        let lowered = word.lowercased()
        var seen = Set<String>()
        let matches = pool.filter { $0.lowercased().hasPrefix(lowered) && seen.insert($0.lowercased()).inserted }
            .sorted { $0.lowercased() < $1.lowercased() }
        guard let first = matches.first else { return false }
        let replacement = decorated(first, at: start)
        replace(in: &editor, from: start, length: word.count, with: replacement)
        cycle = Cycle(wordStart: start, matches: matches, index: 0, insertedLength: replacement.count)
        return true
    }

    private func decorated(_ match: String, at start: Int) -> String {
        if match.hasPrefix("/") { return match + " " }
        return start == 0 ? match + ": " : match + " "
    }

    private func replace(in editor: inout LineEditor, from start: Int, length: Int, with text: String) {
        let end = min(start + length, editor.characters.count)
        editor.replace(start..<end, with: text)
    }
}
