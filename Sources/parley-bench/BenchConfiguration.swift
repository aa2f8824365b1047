/// Everything one benchmark run needs, validated; built by the command from its options.
struct BenchConfiguration: Sendable {
    var host: String
    var port: UInt16
    var mode: BenchMode
    /// Connections to open.
    var clients: Int
    /// Rooms the clients are spread over, round-robin (client `i` in `#room<i % rooms>`); each
    /// message reaches its sender's room only. 0: everyone stays in `#lobby`.
    var rooms: Int = 0
    /// How many of the clients send (the first `senders` ones).
    var senders: Int
    /// Aggregate messages per second over all senders; 0 sends as fast as the window allows.
    var rate: Double
    /// The most messages a sender may have outstanding (sent, not yet seen by its tracking receiver).
    var window: Int
    /// Seconds of measurement.
    var duration: Double
    /// Bytes per message, as a line including its newline (the native text is one byte shorter).
    var size: Int
    /// Joins in flight at once while connecting.
    var connectConcurrency: Int
    /// Just connect and hold: report how many joined, how fast, and the relay's memory.
    var idle: Bool
    /// The relay's process id, to read its CPU time and memory from /proc.
    var relayPID: Int32?
    /// The longest the connect phase may take, in seconds.
    var connectTimeout: Double
    /// Seconds to wait, after the last send, for in-flight messages.
    var drain: Double
    /// How long the connections are held in the idle scenario before memory is read, in seconds.
    var hold: Double
    /// Line mode: send an empty line right after connecting, so a relay that waits to learn a silent
    /// stream's kind (parley-relay tells line clients from Parley clients by the first byte) need not wait.
    var greetsLine: Bool
    /// The most seconds to wait for the relay's join chatter to stop before measuring.
    var settle: Double

    /// The name of room `number`.
    static func roomName(_ number: Int) -> String { "#room\(number)" }

    /// The room client `index` joins, or `nil` when everyone stays in `#lobby`.
    func room(of index: Int) -> String? { rooms > 0 ? Self.roomName(index % rooms) : nil }

    /// Why this configuration cannot run, or `nil`.
    var problem: String? {
        if clients < 1 { return "--clients must be at least 1" }
        if clients > 60_000 { return "--clients is at most 60000" }
        if senders < 0 || senders > clients { return "--senders must be between 0 and --clients" }
        if senders > 0xFFFF { return "--senders is at most 65535" }
        if !idle && mode == .line && clients < 2 && senders > 0 { return "line mode needs at least 2 clients (relays do not echo)" }
        if rooms < 0 || rooms > clients { return "--rooms must be between 0 and --clients" }
        if rooms > 1 && !idle && mode == .line && senders > 0 && clients < 2 * rooms {
            return "line mode needs at least 2 clients per room (relays do not echo): --clients at least 2 × --rooms"
        }
        if rate < 0 { return "--rate cannot be negative" }
        if window < 1 { return "--window must be at least 1" }
        if duration <= 0 || duration > 3600 { return "--duration must be in (0, 3600] seconds" }
        if size < PayloadCodec.minimumLineSize || size > 4096 {
            return "--size must be between \(PayloadCodec.minimumLineSize) and 4096 bytes"
        }
        if connectConcurrency < 1 { return "--connect-concurrency must be at least 1" }
        if clients * max(senders, 1) > 50_000_000 { return "--clients × --senders is too large to track" }
        return nil
    }
}
