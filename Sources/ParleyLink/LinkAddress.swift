/// Where a datagram came from or goes to, as the shell encodes it (typically IP address and port).
///
/// The link never looks inside: it only compares addresses and feeds their bytes into the cookie's
/// keyed hash, so any stable encoding works as long as one shell uses it consistently.
public struct LinkAddress: Hashable, Sendable, CustomStringConvertible {
    /// The shell-encoded address bytes.
    public var bytes: [UInt8]

    /// Wraps shell-encoded address bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// One possible encoding: four IPv4 octets, then the port big-endian (6 bytes).
    public init(ipv4 octets: (UInt8, UInt8, UInt8, UInt8), port: UInt16) {
        bytes = [octets.0, octets.1, octets.2, octets.3, UInt8(port >> 8), UInt8(port & 0xFF)]
    }

    /// `a.b.c.d:port` for the 6-byte IPv4 encoding, hexadecimal otherwise.
    public var description: String {
        if bytes.count == 6 {
            let port = UInt16(bytes[4]) << 8 | UInt16(bytes[5])
            return "\(bytes[0]).\(bytes[1]).\(bytes[2]).\(bytes[3]):\(port)"
        }
        return bytes.map { String($0, radix: 16) }.joined(separator: ":")
    }
}
