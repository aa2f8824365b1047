/// Nick rules: 1 to 32 characters, each an ASCII letter, digit, `_`, `-` or `.`;
/// two nicks are the same if they differ only in case.
public enum Nick {
    /// Why a nick was refused, or `nil` if it is valid.
    public static func problem(with nick: String) -> String? {
        let utf8 = Array(nick.utf8)
        if utf8.isEmpty { return "a nick cannot be empty" }
        if utf8.count > Limits.maxNickLength { return "a nick is at most \(Limits.maxNickLength) characters" }
        if let bad = utf8.first(where: { !isAllowed($0) }) {
            let shown = bad < 0x80 && bad >= 0x20 ? "'\(Character(Unicode.Scalar(bad)))'" : "a non-ASCII or control character"
            return "a nick may use letters, digits, '_', '-' and '.' only, not \(shown)"
        }
        return nil
    }

    /// Whether `nick` follows the rules.
    public static func isValid(_ nick: String) -> Bool { problem(with: nick) == nil }

    /// The case-folded form under which nicks are compared for uniqueness.
    public static func folded(_ nick: String) -> String {
        // Most nicks are lower case already: then the nick itself, with no copy.
        guard nick.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return nick }
        return String(decoding: nick.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D, 0x2E: return true
        default: return false
        }
    }
}
