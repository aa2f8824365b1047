/// Optional features a peer supports, as bits of a `u32` in HELLO and WELCOME.
///
/// The client offers what it supports; the relay answers with the features both sides will use
/// (never a bit the client did not offer). A receiver ignores bits it does not know, so a later
/// feature (encryption, files, clustering) is negotiated, never guessed. PROTOCOL.md §3.1 keeps
/// the register.
public struct Capabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 0: the client pages a resume replay too large for one go: it understands
    /// `ResumeStatus.more` and asks for the next part with JOIN.
    public static let pagedReplay = Capabilities(rawValue: 1 << 0)

    /// What this build supports.
    public static let supported: Capabilities = [.pagedReplay]
}
