import Glibc
import ParleyLink

/// An IPv4 address and port, in host byte order.
public struct UDPEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The IPv4 address, host byte order (`0x7F00_0001` is 127.0.0.1).
    public var host: UInt32
    /// The port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(host: UInt32, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// 127.0.0.1 at `port`.
    public static func loopback(port: UInt16) -> UDPEndpoint { UDPEndpoint(host: 0x7F00_0001, port: port) }

    /// The 6-byte `LinkAddress` encoding (`LinkAddress(ipv4:port:)`).
    public var linkAddress: LinkAddress {
        LinkAddress(ipv4: (UInt8(host >> 24), UInt8((host >> 16) & 0xFF), UInt8((host >> 8) & 0xFF), UInt8(host & 0xFF)), port: port)
    }

    /// Decodes the 6-byte `LinkAddress` encoding; `nil` for any other.
    public init?(_ address: LinkAddress) {
        let b = address.bytes
        guard b.count == 6 else { return nil }
        host = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
        port = UInt16(b[4]) << 8 | UInt16(b[5])
    }

    /// `a.b.c.d:port`.
    public var description: String { linkAddress.description }

    init(_ address: sockaddr_in) {
        host = UInt32(bigEndian: address.sin_addr.s_addr)
        port = UInt16(bigEndian: address.sin_port)
    }

    var socketAddress: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = host.bigEndian
        return address
    }
}
