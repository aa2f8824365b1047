/// What the client core can refuse before any network traffic.
public enum ClientCoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A relay address given on the command line could not be understood; `reason` says why.
    case invalidAddress(String, reason: String)

    /// A sentence the user can act on.
    public var description: String {
        switch self {
        case .invalidAddress(let text, let reason):
            return "cannot use \"\(text)\" as a relay address: \(reason) (write host, host:port or [IPv6]:port)"
        }
    }
}
