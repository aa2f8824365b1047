import NIOCore

extension SocketAddress {
    /// The address as people write it, for log lines: `127.0.0.1:4000`, `[::1]:4000`, `[::]:7700`.
    /// An IPv4 peer reaching a dual-stack socket (`::ffff:127.0.0.1`) is shown as plain IPv4.
    var readable: String {
        guard let ip = ipAddress else { return "\(self)" }
        let port = self.port.map { ":\($0)" } ?? ""
        let mapped = "::ffff:"
        if ip.lowercased().hasPrefix(mapped), ip.dropFirst(mapped.count).contains(".") {
            return "\(ip.dropFirst(mapped.count))\(port)"
        }
        return ip.contains(":") ? "[\(ip)]\(port)" : "\(ip)\(port)"
    }
}
