import ParleyWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Everything that can go wrong in the client's shell: name resolution, sockets, the relay's stream.
///
/// The description is a sentence fragment short enough for the status bar
/// ("reconnecting in 2s (connect to 127.0.0.1:7700: Connection refused)").
public enum ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `getaddrinfo` could not turn `host` into an address; `reason` is its explanation.
    case cannotResolve(host: String, reason: String)
    /// A system call failed: `operation` names it (and the peer), `errno` says why.
    case system(operation: String, errno: Int32)
    /// The relay closed the connection.
    case closedByRelay
    /// The relay sent bytes that are not a Parley stream; `detail` is the decoder's explanation.
    case protocolViolation(detail: String)
    /// The relay's preamble names another protocol version than this client's.
    case relayVersion(UInt8)
    /// The relay read nothing for `seconds` while we had data to send.
    case sendStalled(seconds: Int)
    /// The reliable UDP link gave up; `reason` says why.
    case linkFailed(reason: String)

    /// A sentence fragment the user can act on.
    public var description: String {
        switch self {
        case .cannotResolve(let host, let reason):
            return "cannot find the address of \(host): \(reason); check the name or use an IP address"
        case .system(let operation, let code):
            return "\(operation): \(String(cString: strerror(code))) (errno \(code))"
        case .closedByRelay:
            return "the relay closed the connection"
        case .protocolViolation(let detail):
            return "the relay sent something that is not Parley: \(detail)"
        case .relayVersion(let version):
            return "the relay speaks protocol version \(version); this client speaks \(Preamble.version)"
        case .sendStalled(let seconds):
            return "the relay read nothing for \(seconds)s"
        case .linkFailed(let reason):
            return reason
        }
    }
}
