#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking-with-deadlines POSIX socket to 127.0.0.1, as `nc` would use: the tests talk to the
/// relay through real sockets, with every wait bounded.
final class TestSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32
    private(set) var isClosed = false

    /// A TCP connection to 127.0.0.1:`port`; `receiveBuffer` shrinks the kernel's receive buffer
    /// (to make a peer that never reads fill up quickly).
    init(tcpPort port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect: errno \(code)")
        }
    }

    /// A UDP socket connected to 127.0.0.1:`port`.
    init(udpPort port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = Self.loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close() }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Closes the sending side only (a half-close, as `nc -N` does at end of input).
    func shutdownOutput() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Sends everything, waiting (bounded) while the kernel's buffer is full.
    func send(_ bytes: [UInt8], timeout: Double = 5) throws {
        let deadline = Self.now() + timeout
        var offset = 0
        while offset < bytes.count {
            guard try wait(for: Int16(POLLOUT), until: deadline) else { throw Failure(description: "send timed out") }
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw Failure(description: "send: errno \(errno)")
            }
            offset += sent
        }
    }

    /// Whatever arrives within `timeout` seconds: bytes, `[]` at end of stream, `nil` if nothing came.
    func receive(timeout: Double) throws -> [UInt8]? {
        guard try wait(for: Int16(POLLIN), until: Self.now() + timeout) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNRESET || errno == ECONNREFUSED { return [] }
            throw Failure(description: "recv: errno \(errno)")
        }
        return Array(buffer[0..<count])
    }

    private func wait(for events: Int16, until deadline: Double) throws -> Bool {
        while true {
            let remaining = deadline - Self.now()
            if remaining <= 0 { return false }
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000)) + 1)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw Failure(description: "poll: errno \(errno)") }
        }
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
