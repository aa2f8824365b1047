#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds out whether a relay already listens on this machine, before `parley` offers to host one.
public enum RelayProbe {
    /// Whether something accepts TCP connections on `port` at 127.0.0.1 or ::1 within the timeout.
    ///
    /// Blocks for at most `timeoutMilliseconds` per loopback address; the probe connection is
    /// closed at once without sending anything.
    public static func isListening(port: UInt16, timeoutMilliseconds: Int32 = 500) -> Bool {
        for host in ["127.0.0.1", "::1"] {
            guard let candidates = try? ResolvedAddress.resolve(host: host, port: port, datagram: false) else { continue }
            for candidate in candidates where accepts(candidate, timeoutMilliseconds: timeoutMilliseconds) {
                return true
            }
        }
        return false
    }

    private static func accepts(_ candidate: ResolvedAddress, timeoutMilliseconds: Int32) -> Bool {
#if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
#else
        let type = SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK
#endif
        let socket = Glibc.socket(candidate.family, type, 0)
        guard socket >= 0 else { return false }
        defer { Glibc.close(socket) }
        if candidate.withSocketAddress({ Glibc.connect(socket, $0, $1) }) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return false }
        var problem: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(socket, SOL_SOCKET, SO_ERROR, &problem, &length) == 0 && problem == 0
    }
}
