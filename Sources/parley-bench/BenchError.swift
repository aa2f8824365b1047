import Glibc

/// Why a benchmark run could not start or continue.
enum BenchError: Error, CustomStringConvertible {
    /// The options do not describe a runnable benchmark.
    case invalidConfiguration(String)
    /// `--host` is not a numeric IPv4 or IPv6 address.
    case badHost(String)
    /// A system call failed; `operation` names it, `code` is its errno.
    case system(operation: String, code: Int32)

    var description: String {
        switch self {
        case .invalidConfiguration(let problem): return problem
        case .badHost(let host): return "'\(host)' is not a numeric IPv4 or IPv6 address; use e.g. 127.0.0.1 or ::1"
        case .system(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }

    /// The error for a system call that just failed.
    static func lastSystemError(_ operation: String) -> BenchError { .system(operation: operation, code: errno) }
}
