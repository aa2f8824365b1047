import Glibc

/// Per-socket UDP drop counters from /proc/net/udp and /proc/net/udp6: how many datagrams the kernel
/// threw away because a socket's receive buffer was full, split into the relay's socket (bound to the
/// relay's port) and the benchmark clients' sockets (connected to it). Loss there is loopback
/// congestion, not the relay or the link deciding to drop.
struct UDPCounters: Sendable, Equatable {
    /// Drops on sockets bound to the relay's port.
    var relaySocketDrops: UInt64 = 0
    /// Drops on sockets connected to the relay's port.
    var clientSocketDrops: UInt64 = 0

    /// The current counters for sockets on `port`.
    static func current(port: UInt16) -> UDPCounters {
        var counters = UDPCounters()
        for path in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let file = fopen(path, "r") else { continue }
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 1024)
            while fgets(&line, Int32(line.count), file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
                guard fields.count >= 13, let drops = UInt64(fields[fields.count - 1]) else { continue }
                if Self.port(of: fields[1]) == port { counters.relaySocketDrops += drops }
                if Self.port(of: fields[2]) == port { counters.clientSocketDrops += drops }
            }
        }
        return counters
    }

    /// The port of a `HEXADDRESS:HEXPORT` field.
    private static func port(of field: Substring) -> UInt16? {
        guard let colon = field.lastIndex(of: ":") else { return nil }
        return UInt16(field[field.index(after: colon)...], radix: 16)
    }
}
