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
    /// How many times it has been handed to a transport (more than once after reconnects).
    public var sendCount: Int

    /// Creates an item that has not been sent yet.
    public init(submit: Submit, window: WindowID, sequence: UInt64, submittedAt: UInt64, sender: String, sendCount: Int = 0) {
        self.submit = submit
        self.window = window
        self.sequence = sequence
        self.submittedAt = submittedAt
        self.sender = sender
        self.sendCount = sendCount
    }
}

/// The messages waiting for the relay's echo (delivered) or refusal (failed), oldest first,
/// and the session's tally of how each message ended.
///
/// Bounded: at most `capacity` messages wait at once; the caller refuses more.
public struct Outbox: Equatable, Sendable {
    /// How many messages may wait unless told otherwise.
    public static let defaultCapacity = 1000

    /// The most messages that may wait at once.
    public let capacity: Int
    private var items: [UInt64: OutboxItem] = [:]
    private var order: [UInt64] = []
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

    /// Notes that the message with this request id was handed to a transport once more.
    public mutating func markSent(request: UInt64) {
        items[request]?.sendCount += 1
    }

    /// Removes the message with this request id and counts it as delivered or failed.
    ///
    /// - Returns: the message, or `nil` if none was waiting with that id.
    @discardableResult
    public mutating func settle(request: UInt64, delivered: Bool) -> OutboxItem? {
        guard let item = items.removeValue(forKey: request) else { return nil }
        if let index = order.firstIndex(of: request) { order.remove(at: index) }
        if delivered { deliveredCount += 1 } else { failedCount += 1 }
        return item
    }

    /// Counts a message that failed before it ever waited (refused locally).
    public mutating func countLocalFailure() {
        failedCount += 1
    }
}
