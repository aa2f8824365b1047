import Glibc

/// What can go wrong in the fault proxy's sockets.
public enum FaultProxyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A socket call failed: the operation and `errno`.
    case socket(operation: String, errno: Int32)
    /// `start` was called twice, or after `stop`.
    case alreadyStarted

    /// A sentence for logs and the command line.
    public var description: String {
        switch self {
        case .socket(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .alreadyStarted:
            return "the fault proxy was already started; make a new one"
        }
    }
}
