/// Everything counted during a run: deliveries, latency, loss, duplicates, mangling, and how far each
/// sender's window has been acknowledged. Mutated only by the event loop.
struct Tally: Sendable {
    let mode: BenchMode
    let clients: Int
    let senders: Int
    private var tracker: SequenceTracker
    /// One-way latency of every new delivery.
    private(set) var latency = LatencyHistogram()
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
    /// Well-formed messages of another run or of no sender of ours.
    private(set) var foreign: UInt64 = 0
    /// Line mode: a sender's own message sent back to it (not counted as a delivery).
    private(set) var echoes: UInt64 = 0
    /// Messages skipped in a receiver's sequence from a sender, counted as they happen.
    private(set) var gaps: UInt64 = 0
    /// Whether arrivals now fall inside the measurement window.
    var isMeasuring = false
    /// When the last byte of anything arrived, monotonic nanoseconds.
    var lastArrival: UInt64 = 0

    init(mode: BenchMode, clients: Int, senders: Int) {
        self.mode = mode
        self.clients = clients
        self.senders = senders
        tracker = SequenceTracker(receivers: clients, senders: senders)
        sent = [UInt32](repeating: 0, count: senders)
        acknowledged = [UInt32](repeating: 0, count: senders)
    }

    /// How many receivers each message should reach.
    var receiversPerMessage: Int { mode.echoesToSender ? clients : clients - 1 }

    /// Deliveries expected for everything sent so far.
    var expected: UInt64 { sent.reduce(0) { $0 + UInt64($1) } * UInt64(receiversPerMessage) }

    /// The receiver whose arrivals acknowledge `sender`'s window: itself natively, its neighbour in line mode.
    func trackingReceiver(of sender: Int) -> Int { mode.echoesToSender ? sender : (sender + 1) % clients }

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
        switch tracker.record(receiver: receiver, sender: sender, sequence: payload.sequence) {
        case .new(let skipped):
            delivered += 1
            gaps += UInt64(skipped)
            if isMeasuring { deliveredInWindow += 1 }
            latency.record(now >= payload.sentAt ? now - payload.sentAt : 0)
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
