/// Where a relay listens, as the user wrote it: `host`, `host:port`, `[IPv6]:port` or a bare IPv6 literal.
public struct RelayAddress: Equatable, Sendable, CustomStringConvertible {
    /// Parley's well-known port.
    public static let defaultPort: UInt16 = 7700

    /// A host name or an IPv4/IPv6 literal (IPv6 without brackets).
    public var host: String
    /// The TCP and UDP port.
    public var port: UInt16

    /// An address from its parts.
    public init(host: String, port: UInt16 = RelayAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Parses `localhost`, `chat.example.org:7800`, `192.0.2.7:7700`, `[::1]:7700`, `[::1]` or `::1`.
    ///
    /// - Throws: `ClientCoreError.invalidAddress` naming the problem.
    public init(parsing text: String, defaultPort: UInt16 = RelayAddress.defaultPort) throws(ClientCoreError) {
        func invalid(_ reason: String) -> ClientCoreError { .invalidAddress(text, reason: reason) }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("the '[' has no matching ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid("only ':port' may follow ']'") }
                portText = rest.dropFirst()
            }
        } else {
            let colons = text.filter { $0 == ":" }.count
            if colons == 1, let colon = text.firstIndex(of: ":") {
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            } else {
                host = Substring(text)  // no colon, or a bare IPv6 literal such as ::1
            }
        }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        guard host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "/" }) else {
            throw invalid("a host name cannot contain spaces, slashes or control characters")
        }
        var port = defaultPort
        if let portText {
            guard let value = UInt16(portText), value > 0 else { throw invalid("the port must be a number from 1 to 65535") }
            port = value
        }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with brackets around an IPv6 literal.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
