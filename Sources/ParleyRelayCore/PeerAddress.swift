/// The key a connection's address is counted under for `RelaySettings.maxPeersPerAddress`.
///
/// An IPv4 address counts as itself. An IPv6 address counts under its /64, since one host is
/// usually given a whole /64 and could otherwise open a connection from each address in it; an
/// IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, seen on a dual-stack socket) counts as the IPv4
/// address it carries.
public enum PeerAddress {
    /// The key for an address's bytes in network order: 4 for IPv4, 16 for IPv6; empty (not
    /// counted) for anything else.
    public static func key(_ bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4:
            return bytes.map(String.init).joined(separator: ".")
        case 16:
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return key(Array(bytes[12..<16]))
            }
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        default:
            return ""
        }
    }
}
