import ParleyWire

/// Turns a login name into a valid nick.
public enum NickSuggestion {
    /// A valid nick made from `name`: disallowed characters become `_` (runs collapse), leading and
    /// trailing `_` are dropped, and the result is cut to `Limits.maxNickLength`.
    ///
    /// - Returns: an empty string if nothing usable is left; the relay then picks a guest nick.
    public static func nick(fromLoginName name: String) -> String {
        var out: [UInt8] = []
        for scalar in name.unicodeScalars {
            let allowed = scalar.isASCII && Nick.isValid(String(scalar))
            if allowed {
                out.append(UInt8(scalar.value))
            } else if out.last != UInt8(ascii: "_") {
                out.append(UInt8(ascii: "_"))
            }
        }
        while out.first == UInt8(ascii: "_") { out.removeFirst() }
        while out.last == UInt8(ascii: "_") { out.removeLast() }
        let nick = String(decoding: out.prefix(Limits.maxNickLength), as: UTF8.self)
        return Nick.isValid(nick) ? nick : ""
    }
}
