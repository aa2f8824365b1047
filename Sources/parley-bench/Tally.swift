/// Everything counted during a run: deliveries, latency, loss, duplicates, mangling, and how far each
/// sender's window has been acknowledged. Mutated only by the event loop.
///
/// With rooms, client `i` is in room `i % rooms` (round-robin): a message reaches the members of its
/// sender's room only.
struct Tally: Sendable {
    let mode: BenchMode
    let clients: Int
    let senders: Int
    /// Rooms the clients are spread over; 1 when they all share one (`#lobby`).
    let rooms: Int
    /// Members of each room.
    private let roomSizes: [Int]
    private var tracker: SequenceTracker
    /// One-way latency of every new delivery.
    private(set) var latency = LatencyHistogram()
    /// Parley modes: from a message's submission to its echo reaching its own sender, the ✓.
    private(set) var acknowledgement = LatencyHistogram()
    /// Messages each sender has written.
    var sent: [UInt32]
    /// The highest sequence number each sender's tracking receiver has seen (its window's acknowledgement).
    private(set) var acknowledged: [UInt32]

    /// New, intact deliveries.
    private(set) var delivered: UInt64 = 0
    /// New deliveries that arrived inside the measurement window (for deliveries per second).
    private(set) var deliveredInWindow: UInt64 = 0
    /// Deliveries seen again.
    private(set) var duplicates: UInt64 = 0
    /// Lines of benchmark traffic that were cut, spliced or corrupted.
    private(set) var mangled: UInt64 = 0
    /// Well-formed messages of another run, of no sender of ours, or from a room the receiver is not in.
    private(set) var foreign: UInt64 = 0
    /// Line mode: a sender's own message sent back to it (not counted as a delivery).
    private(set) var echoes: UInt64 = 0
    /// Messages skipped in a receiver's sequence from a sender, counted as they happen.
    private(set) var gaps: UInt64 = 0
    /// Whether arrivals now fall inside the measurement window.
    var isMeasuring = false
    /// When the last byte of anything arrived, monotonic nanoseconds.
    var lastArrival: UInt64 = 0

    init(mode: BenchMode, clients: Int, senders: Int, rooms: Int = 1) {
        self.mode = mode
        self.clients = clients
        self.senders = senders
        self.rooms = max(1, rooms)
        var sizes = [Int](repeating: clients / self.rooms, count: self.rooms)
        for room in 0..<(clients % self.rooms) { sizes[room] += 1 }
        roomSizes = sizes
        tracker = SequenceTracker(receivers: clients, senders: senders)
        sent = [UInt32](repeating: 0, count: senders)
        acknowledged = [UInt32](repeating: 0, count: senders)
    }

    /// The room of a client.
    func room(of client: Int) -> Int { client % rooms }

    /// How many receivers each message of `sender` should reach: its room, less itself in line mode.
    func receivers(of sender: Int) -> Int {
        let members = roomSizes[room(of: sender)]
        return mode.echoesToSender ? members : members - 1
    }

    /// Deliveries expected for everything sent so far.
    var expected: UInt64 {
        sent.indices.reduce(0) { $0 + UInt64(sent[$1]) * UInt64(receivers(of: $1)) }
    }

    /// The receiver whose arrivals acknowledge `sender`'s window: itself natively; in line mode the
    /// next member of its room (wrapping round to the room's first).
    func trackingReceiver(of sender: Int) -> Int {
        if mode.echoesToSender { return sender }
        let next = sender + rooms
        return next < clients ? next : room(of: sender)
    }

    /// Messages `sender` has out and not yet acknowledged.
    func outstanding(_ sender: Int) -> Int { Int(sent[sender]) - Int(acknowledged[sender]) }

    /// Records one classified line or text received by `receiver` at `now`.
    mutating func record(_ classification: PayloadCodec.Classification, receiver: Int, now: UInt64) {
        switch classification {
        case .intact(let payload): record(payload, receiver: receiver, now: now)
        case .mangled: mangled += 1
        case .foreign: foreign += 1
        case .other: break
        }
    }

    private mutating func record(_ payload: Payload, receiver: Int, now: UInt64) {
        let sender = Int(payload.sender)
        if sender == receiver && !mode.echoesToSender {
            echoes += 1
            return
        }
        if sender < senders && room(of: sender) != room(of: receiver) {
            foreign += 1
            return
        }
        switch tracker.record(receiver: receiver, sender: sender, sequence: payload.sequence) {
        case .new(let skipped):
            delivered += 1
            gaps += UInt64(skipped)
            if isMeasuring { deliveredInWindow += 1 }
            latency.record(now >= payload.sentAt ? now - payload.sentAt : 0)
            if sender == receiver { acknowledgement.record(now >= payload.sentAt ? now - payload.sentAt : 0) }
            if receiver == trackingReceiver(of: sender) { acknowledged[sender] = payload.sequence }
        case .duplicate:
            duplicates += 1
        case .unknownSender:
            foreign += 1
        }
    }

    /// Counts a line too long to be anything of ours.
    mutating func recordOverlong() { mangled += 1 }
}
