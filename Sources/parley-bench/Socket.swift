import Glibc

/// Thin non-blocking socket calls for the load generator. Every function reports failure as a value
/// or a `BenchError` carrying errno; nothing here blocks.
enum Socket {
    /// What a non-blocking read or write did.
    enum Transfer: Equatable {
        /// This many bytes moved (always more than 0).
        case bytes(Int)
        /// The kernel has nothing to read or no room to write right now.
        case wouldBlock
        /// The peer closed the stream.
        case closed
        /// The call failed with this errno.
        case failed(Int32)
    }

    /// Opens a non-blocking TCP socket with Nagle off and starts connecting it.
    /// - Returns: the descriptor; the connection completes when it becomes writable.
    static func startTCPConnect(to address: SocketAddress) throws(BenchError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .lastSystemError("socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = address.withSockaddr { connect(fd, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            throw .system(operation: "connect", code: code)
        }
        return fd
    }

    /// Opens a non-blocking UDP socket connected to `address`, with large socket buffers.
    static func openUDP(to address: SocketAddress) throws(BenchError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .lastSystemError("socket") }
        var size: Int32 = 1 << 20
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
            let code = errno
            close(fd)
            throw .system(operation: "connect (UDP)", code: code)
        }
        return fd
    }

    /// The pending error of a connecting socket (0 once connected).
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Reads at most `buffer.count` bytes.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 { return .bytes(count) }
        if count == 0 { return buffer.count == 0 ? .wouldBlock : .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wouldBlock : .failed(errno)
    }

    /// Receives one datagram (which may be empty) of at most `buffer.count` bytes.
    static func receiveDatagram(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count >= 0 { return .bytes(count) }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wouldBlock : .failed(errno)
    }

    /// Writes as much of `bytes` as the kernel takes now.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Transfer {
        guard bytes.count > 0 else { return .bytes(0) }
        let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count > 0 { return .bytes(count) }
        if count == 0 { return .wouldBlock }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wouldBlock : .failed(errno)
    }

    /// Closes a descriptor.
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Raises the soft limit on open descriptors to the hard limit.
    /// - Returns: the soft limit now in force.
    @discardableResult
    static func raiseDescriptorLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }
}
