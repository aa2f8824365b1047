/// Room name rules: ASCII, `#` then 1 to 31 letters, digits, `_`, `-`, `.` or `+` (at most
/// `Limits.maxRoomNameBytes` bytes in all); two names are the same room if they differ only in case.
public enum RoomName {
    /// The room everyone starts in.
    public static let lobby = "#lobby"

    /// Why a room name was refused, or `nil` if it is valid.
    public static func problem(with name: String) -> String? {
        let utf8 = Array(name.utf8)
        guard utf8.first == UInt8(ascii: "#") else { return "a room name starts with '#'" }
        if utf8.count == 1 { return "a room name needs something after the '#'" }
        if utf8.count > Limits.maxRoomNameBytes { return "a room name is at most \(Limits.maxRoomNameBytes) characters" }
        if utf8.dropFirst().contains(where: { !isAllowed($0) }) {
            return "a room name may use letters, digits, '_', '-', '.' and '+' after the '#'"
        }
        return nil
    }

    /// Whether `name` follows the rules.
    public static func isValid(_ name: String) -> Bool { problem(with: name) == nil }

    /// The case-folded form under which rooms are compared.
    public static func folded(_ name: String) -> String { Nick.folded(name) }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D, 0x2E, 0x2B: return true
        default: return false
        }
    }
}
