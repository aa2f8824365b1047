/// Shortens why a message failed, for the line it failed on.
///
/// The client core reports a refusal from the relay as "CODE (RELAY'S TEXT)", e.g.
/// "rate limited (you are sending too fast (at most 5 messages a second, bursts of 20); this
/// message was not sent)". The ✗ already says the message was not sent, and the code already
/// names the problem, so the line shows "rate limited: at most 5 messages a second, bursts of
/// 20": the code, then only the relay's specifics. Reasons of any other shape are kept.
enum FailureReason {
    /// The compact form of `reason` (already sanitized).
    static func compact(_ reason: String) -> String {
        guard let (code, detail) = split(reason) else { return reason }
        var clauses = detail.split(separator: ";").map { $0.trimmingSpaces() }
        clauses.removeAll { $0.isEmpty || saysNotSent($0) }
        if let first = clauses.first, let (_, specifics) = split(first) {
            // "you are sending too fast (at most …)": the words restate the code; keep the specifics.
            clauses[0] = specifics
        }
        let rest = clauses.joined(separator: "; ")
        if rest.isEmpty || rest.lowercased() == code.lowercased() { return code }
        return code + ": " + rest
    }

    /// "HEAD (DETAIL)" → (HEAD, DETAIL) when the parentheses close at the very end and balance.
    private static func split(_ text: some StringProtocol) -> (head: String, detail: String)? {
        guard text.last == ")" else { return nil }
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 {
                    let head = text[..<index].trimmingSpaces()
                    let detail = text[text.index(after: index)..<text.index(before: text.endIndex)].trimmingSpaces()
                    guard !head.isEmpty, !detail.isEmpty else { return nil }
                    return (head, detail)
                }
            default: break
            }
        }
        return nil
    }

    /// Whether a clause only says that the message was not sent.
    private static func saysNotSent(_ clause: String) -> Bool {
        let lower = clause.lowercased()
        return lower.hasSuffix("message was not sent") && lower.split(separator: " ").count <= 5
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
