/// Everything that can go wrong when starting or running a relay.
public enum RelayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value is out of range; the text names it.
    case invalidConfiguration(String)
    /// The listening socket could not be opened on `host`:`port`; `reason` is the system's error.
    case bindFailed(host: String, port: Int, reason: String)
    /// `start()` was called on a relay that is already running or has been shut down.
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidConfiguration(let why):
            return "invalid configuration: \(why)"
        case .bindFailed(let host, let port, let reason):
            return "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port): \(reason) (is another relay running there? try another --port)"
        case .alreadyStarted:
            return "this relay has already been started; create a new RelayServer to start again"
        }
    }
}
