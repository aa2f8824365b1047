import ParleyWire

/// One message the user sent that the relay has not yet settled.
public struct OutboxItem: Equatable, Sendable {
    /// The SUBMIT as sent (and re-sent) to the relay; its request id is the message's
    /// idempotency key and identifies it here.
    public var submit: Submit
    /// The window showing this message.
    public var window: WindowID
    /// The scrollback line showing this message, in `window`.
    public var sequence: UInt64
    /// When the user sent it, milliseconds since 1970-01-01 UTC.
    public var submittedAt: UInt64
    /// Our nick when it was sent: the relay's echo may carry it even if we have been renamed since.
    public var sender: String
    /// How many times it has been handed to a transport (more than once after reconnects; 0 while
    /// it waits for earlier messages to settle).
    public var sendCount: Int
    /// Whether it was handed to the current connection and has neither its echo nor its ERROR yet.
    public var isInFlight: Bool

    /// Creates an item that is not in flight (and, by default, was never sent).
    public init(submit: Submit, window: WindowID, sequence: UInt64, submittedAt: UInt64, sender: String, sendCount: Int = 0) {
        self.submit = submit
        self.window = window
        self.sequence = sequence
        self.submittedAt = submittedAt
        self.sender = sender
        self.sendCount = sendCount
        isInFlight = false
    }
}

/// The messages waiting for the relay's echo (delivered) or refusal (failed), oldest first,
/// and the session's tally of how each message ended.
///
/// Bounded: at most `capacity` messages wait at once; the caller refuses more. Of those, at most
/// `Limits.maxSubmitsInFlight` are in flight on the connection (PROTOCOL.md §3.2): the rest wait,
/// unsent, and go out oldest first as earlier ones settle, so that the relay still remembers the
/// key of every message re-sent after a reconnect.
public struct Outbox: Equatable, Sendable {
    /// How many messages may wait unless told otherwise.
    public static let defaultCapacity = 1000

    /// The most messages that may wait at once.
    public let capacity: Int
    private var items: [UInt64: OutboxItem] = [:]
    private var order: [UInt64] = []
    /// How many waiting messages are in flight: sent on this connection, not answered yet.
    public private(set) var inFlightCount = 0
    /// Messages the relay echoed, this session.
    public private(set) var deliveredCount = 0
    /// Messages refused by the relay, refused locally, or not settled in time, this session.
    public private(set) var failedCount = 0

    /// Creates an empty outbox.
    public init(capacity: Int = Outbox.defaultCapacity) {
        self.capacity = Swift.max(1, capacity)
    }

    /// How many messages are waiting.
    public var pendingCount: Int { order.count }
    /// Whether no message is waiting.
    public var isEmpty: Bool { order.isEmpty }
    /// Whether another message would exceed `capacity`.
    public var isFull: Bool { order.count >= capacity }
    /// The waiting messages, oldest first.
    public var pending: [OutboxItem] { order.compactMap { items[$0] } }

    /// The waiting message whose SUBMIT has this request id.
    public func item(request: UInt64) -> OutboxItem? { items[request] }

    /// Whether `request` is the id of a waiting message.
    public func contains(request: UInt64) -> Bool { items[request] != nil }

    /// Adds a message to wait for. Ignored if the outbox is full or the request id is in use.
    public mutating func add(_ item: OutboxItem) {
        guard !isFull, items[item.submit.request] == nil else { return }
        items[item.submit.request] = item
        order.append(item.submit.request)
    }

    /// Puts in flight, oldest first, the waiting messages not in flight yet, as many as
    /// `Limits.maxSubmitsInFlight` leaves room for.
    ///
    /// - Returns: their SUBMITs, for the caller to send in this order.
    public mutating func markNextSent() -> [Submit] {
        var submits: [Submit] = []
        for request in order {
            guard inFlightCount < Limits.maxSubmitsInFlight else { break }
            guard var item = items[request], !item.isInFlight else { continue }
            item.isInFlight = true
            item.sendCount += 1
            items[request] = item
            inFlightCount += 1
            submits.append(item.submit)
        }
        return submits
    }

    /// The connection is gone, and with it every answer still owed: nothing is in flight, and
    /// `markNextSent` starts again from the oldest waiting message on the next connection.
    public mutating func connectionLost() {
        for request in order { items[request]?.isInFlight = false }
        inFlightCount = 0
    }

    /// Removes the message with this request id and counts it as delivered or failed.
    ///
    /// - Returns: the message, or `nil` if none was waiting with that id.
    @discardableResult
    public mutating func settle(request: UInt64, delivered: Bool) -> OutboxItem? {
        guard let item = items.removeValue(forKey: request) else { return nil }
        if item.isInFlight { inFlightCount -= 1 }
        if let index = order.firstIndex(of: request) { order.remove(at: index) }
        if delivered { deliveredCount += 1 } else { failedCount += 1 }
        return item
    }

    /// Counts a message that failed before it ever waited (refused locally).
    public mutating func countLocalFailure() {
        failedCount += 1
    }
}
