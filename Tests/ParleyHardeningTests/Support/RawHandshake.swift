import ParleyTestSupport
import ParleyWire

/// The link's handshake done by hand (INIT, COOKIE, CONNECT, ACCEPT), for tests that then
/// misbehave inside the session or never use it.
enum RawHandshake {
    /// Opens a session from `socket`; returns its id, or `nil` if the relay did not accept.
    static func connect(_ socket: LoopbackSocket, nonce: UInt64 = .random(in: 1...UInt64.max), timeout: Double = 3) throws -> UInt64? {
        try socket.send(Datagram.initiate(nonce: nonce).encoded())
        guard let cookie = try answer(on: socket, timeout: timeout, { if case .cookie(nonce, let cookie) = $0 { cookie } else { nil } }) else { return nil }
        try socket.send(Datagram.connect(nonce: nonce, cookie: cookie, resumeSession: 0).encoded())
        return try answer(on: socket, timeout: timeout) { if case .accept(nonce, let session) = $0 { session } else { nil } }
    }

    /// The first datagram arriving within `timeout` that `match` accepts.
    static func answer<T>(on socket: LoopbackSocket, timeout: Double, _ match: (Datagram) -> T?) throws -> T? {
        let deadline = TestClock.seconds() + timeout
        while TestClock.seconds() < deadline {
            guard let bytes = try socket.receive(timeout: 0.05), !bytes.isEmpty else { continue }
            if let datagram = try? Datagram.decode(bytes), let value = match(datagram) { return value }
        }
        return nil
    }
}
