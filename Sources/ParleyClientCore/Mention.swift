/// Finds a nick mentioned in a message.
public enum Mention {
    /// Whether `text` contains `nick` as a word, ignoring ASCII case.
    ///
    /// A word boundary is the start or end of the text or any character that cannot be part of a
    /// nick, so "hi alice!" and "@alice:" mention alice but "malice" and "alice_2" do not.
    /// - Complexity: O(n·m) for text of n bytes and a nick of m bytes (m ≤ 32).
    public static func text(_ text: String, mentions nick: String) -> Bool {
        let needle = Array(nick.utf8).map(folded)
        guard !needle.isEmpty else { return false }
        let haystack = Array(text.utf8)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            if start > 0 && isWordByte(haystack[start - 1]) { continue }
            let end = start + needle.count
            if end < haystack.count && isWordByte(haystack[end]) { continue }
            var matches = true
            for offset in 0..<needle.count where folded(haystack[start + offset]) != needle[offset] {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// Letters, digits, `_` and `-` continue a word; `.` does not, so "thanks, alice." counts.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: return true
        default: return false
        }
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}
