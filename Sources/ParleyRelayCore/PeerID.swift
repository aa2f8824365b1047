/// Identifies one connection to the relay (a TCP stream or a UDP link session) for as long as it lasts.
///
/// The shell hands out identifiers; the core never reuses one it has seen, so a late event for a
/// connection that is gone can never be mistaken for a newer connection.
public struct PeerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The shell's number for the connection.
    public let rawValue: UInt64

    /// Wraps the shell's number for a connection.
    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: PeerID, rhs: PeerID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}
