import Glibc
import ParleyWire

/// A non-blocking IPv4 UDP socket bound to 127.0.0.1: the few system calls the fault proxy and
/// the link tests need.
///
/// Not thread-safe: its owner confines every call to one serial queue (the unchecked conformance
/// lets that queue's closures capture it).
public final class UDPSocket: @unchecked Sendable {
    /// The file descriptor; -1 once closed.
    public private(set) var descriptor: Int32
    /// The port the socket is bound to.
    public let localPort: UInt16
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    /// Opens a socket bound to 127.0.0.1 at `port` (0: any free port).
    public init(loopbackPort port: UInt16 = 0) throws(FaultProxyError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        var address = UDPEndpoint.loopback(port: port).socketAddress
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .socket(operation: "bind 127.0.0.1:\(port)", errno: code)
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        var size: Int32 = 1 << 20
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        localPort = UInt16(bigEndian: actual.sin_port)
    }

    deinit { close() }

    /// Sends one datagram; returns whether the kernel took it (a full buffer drops it, like the network).
    @discardableResult
    public func send(_ bytes: [UInt8], to endpoint: UDPEndpoint) -> Bool {
        guard descriptor >= 0 else { return false }
        var address = endpoint.socketAddress
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return sent == bytes.count
    }

    /// Receives one waiting datagram, or `nil` when none is waiting.
    public func receive() -> (bytes: [UInt8], from: UDPEndpoint)? {
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[0..<count]), UDPEndpoint(address))
    }

    /// Closes the socket (once; later calls do nothing).
    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }
}
