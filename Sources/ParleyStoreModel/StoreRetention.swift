/// How much a store keeps: the bounds that make it stop growing.
public struct StoreRetention: Equatable, Sendable {
    /// Messages kept per room, and of private messages (older ones are deleted as new ones come).
    public var messagesPerRoom: Int
    /// Entries of the submission log kept, over every nick (the newest). The log records each
    /// submission and each forgetting of a nick's submissions; a load reads it as
    /// `StoredSubmission.ledger(_:)` does.
    public var submissions: Int
    /// Resume tokens kept (the most recently given).
    public var tokens: Int

    public init(messagesPerRoom: Int, submissions: Int, tokens: Int) {
        self.messagesPerRoom = max(0, messagesPerRoom)
        self.submissions = max(0, submissions)
        self.tokens = max(0, tokens)
    }
}
