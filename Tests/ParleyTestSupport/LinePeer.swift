/// A plain-text client, as `nc` would be.
public final class LinePeer: TestPeer {
    /// The connection (a test may write raw bytes on it, or half-close it).
    public let socket: LoopbackSocket
    private var partial: [UInt8] = []
    /// Complete lines received, as raw bytes (so a test can look for any byte at all).
    public private(set) var rawLines: [[UInt8]] = []
    /// Whether the connection has ended.
    public private(set) var isClosedByRelay = false

    /// Connects to 127.0.0.1:`port` and says nothing yet.
    public init(port: Int) throws {
        socket = try LoopbackSocket.tcp(port: port)
    }

    /// The lines received, without their line endings.
    public var lines: [String] { rawLines.map { String(decoding: $0, as: UTF8.self) } }

    /// Chat lines (`[HH:MM] ...`).
    public var chatLines: [String] { lines.filter { $0.hasPrefix("[") } }

    /// Sends `line` and a line feed.
    public func type(_ line: String) throws {
        try socket.send(Array((line + "\n").utf8))
    }

    /// Reads what arrives within `timeout` seconds and splits it into lines.
    public func pump(timeout: Double) throws {
        guard !isClosedByRelay, let bytes = try socket.receive(timeout: timeout) else { return }
        guard !bytes.isEmpty else {
            isClosedByRelay = true
            return
        }
        for byte in bytes {
            if byte == 0x0A {
                rawLines.append(partial)
                partial.removeAll()
            } else {
                partial.append(byte)
            }
        }
    }

    /// Closes the connection.
    public func close() {
        socket.close()
    }
}
