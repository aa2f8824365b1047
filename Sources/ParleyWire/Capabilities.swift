/// Optional features a peer supports, as bits of a `u32` in HELLO and WELCOME.
///
/// The client offers what it supports; the relay answers with the features both sides will use
/// (never a bit the client did not offer). A receiver ignores bits it does not know, so a later
/// feature (encryption, files, clustering) is negotiated, never guessed. No bit is defined yet in
/// version 2; PROTOCOL.md §3.1 keeps the register.
public struct Capabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// What this build supports.
    public static let supported: Capabilities = []
}
