import Glibc

/// Why the soak could not run (as opposed to a run that found a problem: that is a FAIL report).
enum SoakError: Error, CustomStringConvertible {
    /// A system call failed.
    case system(String, Int32)
    /// A socket was used after it closed.
    case closed
    /// Something did not happen in time.
    case timedOut(String)
    /// The relay could not be started or stopped.
    case relay(String)

    var description: String {
        switch self {
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .closed: return "a socket was used after it was closed"
        case .timedOut(let what): return "\(what) timed out"
        case .relay(let problem): return problem
        }
    }
}
