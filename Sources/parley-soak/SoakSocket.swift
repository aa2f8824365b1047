import Glibc

/// A non-blocking loopback socket (TCP or UDP) for the soak's clients.
///
/// Guarded by: the soak's one thread.
final class SoakSocket {
    let fd: Int32
    private(set) var isClosed = false

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit { close() }

    /// Starts a TCP connection to 127.0.0.1:`port` (it completes in the background).
    static func tcp(port: Int) throws(SoakError) -> SoakSocket {
        try open(type: Int32(SOCK_STREAM.rawValue), port: port)
    }

    /// A UDP socket that sends to 127.0.0.1:`port`.
    static func udp(port: Int) throws(SoakError) -> SoakSocket {
        try open(type: Int32(SOCK_DGRAM.rawValue), port: port)
    }

    private static func open(type: Int32, port: Int) throws(SoakError) -> SoakSocket {
        let fd = socket(AF_INET, type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        let socket = SoakSocket(fd: fd)
        if type == Int32(SOCK_STREAM.rawValue) {
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 || errno == EINPROGRESS else { throw .system("connect", errno) }
        return socket
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Sends all of `bytes`, waiting (at most `timeout` seconds) while the kernel's buffer is
    /// full; for UDP, one datagram. A chat client's writes are small, so this rarely waits.
    func send(_ bytes: [UInt8], timeout: Double = 5) throws(SoakError) {
        guard !isClosed else { throw .closed }
        let deadline = SoakClock.seconds() + timeout
        var offset = 0
        repeat {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                let code = errno
                if code == EAGAIN || code == EINTR || code == ENOTCONN {
                    guard SoakClock.seconds() < deadline else { throw .timedOut("send") }
                    var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 10)
                    continue
                }
                if code == ECONNREFUSED { continue }  // UDP: an earlier datagram found no listener
                throw .system("send", code)
            }
            offset += sent
        } while offset < bytes.count
    }

    /// Reads what is there: bytes, `[]` at the end of the stream (or an error), `nil` if nothing.
    func receive(into buffer: inout [UInt8]) -> [UInt8]? {
        guard !isClosed else { return [] }
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            let code = errno
            return code == EAGAIN || code == EINTR ? nil : (code == ECONNREFUSED ? nil : [])
        }
        return Array(buffer[0..<count])
    }

    /// Closes; with `reset`, with a RST instead of a FIN (as a crashed client would).
    func close(reset: Bool = false) {
        guard !isClosed else { return }
        isClosed = true
        if reset {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        Glibc.close(fd)
    }
}

/// The monotonic clock.
enum SoakClock {
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func seconds() -> Double { Double(nanoseconds()) / 1e9 }
}
