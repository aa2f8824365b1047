#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One socket address `getaddrinfo` found for a relay, ready for `connect`.
struct ResolvedAddress: Sendable, CustomStringConvertible {
    /// `AF_INET` or `AF_INET6`.
    let family: Int32
    /// The raw `sockaddr` bytes.
    let bytes: [UInt8]
    /// `127.0.0.1:7700` or `[::1]:7700`.
    let description: String

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// A TCP connection to this address, made non-blocking and waited for with `poll` for at
    /// most `timeoutMilliseconds`: the connected socket, or why there is none (the socket is
    /// closed then). Blocks the calling queue while it waits.
    func connectStream(timeoutMilliseconds: Int32) -> Result<Int32, ClientError> {
        let operation = "connect to \(description)"
#if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
#else
        let type = SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK
#endif
        let socket = Glibc.socket(family, type, 0)
        guard socket >= 0 else { return .failure(.system(operation: "socket", errno: errno)) }
        guard withSocketAddress({ Glibc.connect(socket, $0, $1) }) != 0 else { return .success(socket) }
        var problem = errno
        if problem == EINPROGRESS {
            var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&poller, 1, timeoutMilliseconds) } while ready < 0 && errno == EINTR
            if ready > 0 {
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(socket, SOL_SOCKET, SO_ERROR, &problem, &length) != 0 { problem = errno }
            } else {
                problem = ready == 0 ? ETIMEDOUT : errno
            }
        }
        guard problem == 0 else {
            Glibc.close(socket)
            return .failure(.system(operation: operation, errno: problem))
        }
        return .success(socket)
    }

    /// Every address for `host`:`port`, in the order the resolver prefers them.
    ///
    /// Blocks while the resolver works (DNS); call it on a background queue.
    /// - Throws: `ClientError.cannotResolve`.
    static func resolve(host: String, port: UInt16, datagram: Bool) throws(ClientError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
#if canImport(Glibc)
        hints.ai_socktype = Int32(datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
#else
        hints.ai_socktype = datagram ? SOCK_DGRAM : SOCK_STREAM
#endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .cannotResolve(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var found: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let info = cursor {
            let entry = info.pointee
            cursor = entry.ai_next
            guard entry.ai_family == AF_INET || entry.ai_family == AF_INET6, let address = entry.ai_addr else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(entry.ai_addrlen)))
            let text = numericName(address, length: entry.ai_addrlen, family: entry.ai_family) ?? host
            found.append(ResolvedAddress(family: entry.ai_family, bytes: bytes, description: text))
        }
        guard !found.isEmpty else { throw .cannotResolve(host: host, reason: "no IPv4 or IPv6 address") }
        return found
    }

    private static func numericName(_ address: UnsafePointer<sockaddr>, length: socklen_t, family: Int32) -> String? {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let status = getnameinfo(
            address, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
        guard status == 0 else { return nil }
        let name = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let port = String(decoding: service.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(name)]:\(port)" : "\(name):\(port)"
    }
}
