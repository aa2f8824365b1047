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
        guard case .success(let socket) = candidate.connectStream(timeoutMilliseconds: timeoutMilliseconds) else { return false }
        Glibc.close(socket)
        return true
    }
}
