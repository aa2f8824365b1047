#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A non-blocking POSIX socket on loopback whose every wait has a deadline, as `nc` would use:
/// the relay tests' clients, well-behaved and hostile, are all made of it.
///
/// Guarded by: its owner. Each socket is used by one thread at a time (the test's, or one
/// background worker's), never shared.
public final class LoopbackSocket {
    /// A system call failed or a wait ran out; the description names which.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The file descriptor (not valid once `isClosed`).
    public let fd: Int32
    /// Whether `close()` or `abort()` was called.
    public private(set) var isClosed = false

    private init(type: Int32, localAddress: UInt32?) throws(Failure) {
        fd = socket(AF_INET, type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        if let localAddress {
            var address = LoopbackSocket.address(localAddress, port: 0)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                let code = errno
                Glibc.close(fd)
                throw Failure(description: "bind: errno \(code)")
            }
        }
    }

    deinit { close() }

    /// A TCP connection to 127.0.0.1:`port`, established within `timeout` seconds.
    ///
    /// - Parameter receiveBuffer: shrinks the kernel's receive buffer (a peer that never reads
    ///   then fills up quickly).
    /// - Parameter localAddress: the address to connect from (any 127.x.y.z is this machine,
    ///   so a test can connect from "another" host); by default the kernel's choice.
    public static func tcp(
        port: Int, receiveBuffer: Int32? = nil, timeout: Double = 5, localAddress: UInt32? = nil
    ) throws(Failure) -> LoopbackSocket {
        let socket = try LoopbackSocket(type: Int32(SOCK_STREAM.rawValue), localAddress: localAddress)
        if var size = receiveBuffer {
            setsockopt(socket.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var one: Int32 = 1
        setsockopt(socket.fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = LoopbackSocket.address(LoopbackSocket.loopback, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            guard errno == EINPROGRESS else { throw Failure(description: "connect: errno \(errno)") }
            guard try socket.wait(for: Int16(POLLOUT), until: TestClock.seconds() + timeout) else {
                throw Failure(description: "connect timed out")
            }
            var code: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &code, &size)
            guard code == 0 else { throw Failure(description: "connect: errno \(code)") }
        }
        return socket
    }

    /// A UDP socket bound to `localAddress` (any 127.x.y.z is this machine, so a test can speak
    /// from "another" address) that sends to 127.0.0.1:`port`.
    public static func udp(port: Int, localAddress: UInt32 = LoopbackSocket.loopback) throws(Failure) -> LoopbackSocket {
        let socket = try LoopbackSocket(type: Int32(SOCK_DGRAM.rawValue), localAddress: localAddress)
        var address = LoopbackSocket.address(LoopbackSocket.loopback, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket.fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw Failure(description: "connect: errno \(errno)") }
        return socket
    }

    /// 127.0.0.1 in host order.
    public static let loopback: UInt32 = 0x7F00_0001

    static func address(_ host: UInt32, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = host.bigEndian
        return address
    }

    /// The local port (an ephemeral one for clients).
    public var localPort: Int {
        var address = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Closes the socket (a FIN for TCP).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Closes with a reset instead of a FIN (SO_LINGER 0): what a crashed or hostile peer does.
    public func abort() {
        guard !isClosed else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Closes the sending side only (a half-close, as `nc -N` does at end of input).
    public func shutdownOutput() {
        guard !isClosed else { return }
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Sends everything, waiting (bounded) while the kernel's buffer is full. For UDP, one datagram.
    public func send(_ bytes: [UInt8], timeout: Double = 5) throws(Failure) {
        guard !isClosed else { throw Failure(description: "send on a closed socket") }
        let deadline = TestClock.seconds() + timeout
        var offset = 0
        repeat {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                guard errno == EAGAIN || errno == EINTR else { throw Failure(description: "send: errno \(errno)") }
                guard try wait(for: Int16(POLLOUT), until: deadline) else { throw Failure(description: "send timed out") }
                continue
            }
            offset += sent
        } while offset < bytes.count
    }

    /// Sends what the kernel takes now without waiting; returns how many bytes that was.
    public func sendSome(_ bytes: [UInt8]) -> Int {
        guard !isClosed else { return 0 }
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return max(0, sent)
    }

    /// What arrives within `timeout` seconds: bytes, `[]` at end of stream (or an error such as a
    /// reset or, for UDP, port unreachable), `nil` if nothing came.
    public func receive(timeout: Double) throws(Failure) -> [UInt8]? {
        guard !isClosed else { return [] }
        guard try wait(for: Int16(POLLIN), until: TestClock.seconds() + timeout) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return nil }
            return []
        }
        return Array(buffer[0..<count])
    }

    /// Waits until `events` are ready or `deadline` (`TestClock.seconds()`) passes; true if ready.
    public func wait(for events: Int16, until deadline: Double) throws(Failure) -> Bool {
        while true {
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let remaining = deadline - TestClock.seconds()
            let ready = poll(&descriptor, 1, Int32(max(0, min(remaining * 1000, 1000))))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw Failure(description: "poll: errno \(errno)") }
            if remaining <= 0 { return false }
        }
    }
}
