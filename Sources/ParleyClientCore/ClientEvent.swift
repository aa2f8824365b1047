import ParleyWire

/// Something that happened to the client: what the shell hands to `ClientStateMachine.handle(_:)`.
///
/// Every time is milliseconds since 1970-01-01 UTC, read by the shell; the core never reads a clock.
public enum ClientEvent: Equatable, Sendable {
    /// Begin: connect for the first time.
    case start(now: UInt64)
    /// The user typed a line (text or a command) in the window on screen.
    case input(String, now: UInt64)
    /// The user asked for another window (Alt-1 … Alt-0, Alt-← →, Alt-A).
    case selectWindow(WindowSelection, now: UInt64)
    /// Standard input ended (line mode): settle every pending message, then exit.
    case inputEnded(now: UInt64)
    /// The transport the shell opened after `.connect` is up (TCP connected, UDP link established).
    case transportUp(now: UInt64)
    /// A message arrived from the relay.
    case received(RelayMessage, now: UInt64)
    /// A frame from the relay could not be decoded but the stream goes on (a non-fatal `WireError`).
    case malformedFrame(String, now: UInt64)
    /// The transport closed or failed by itself (not after a `.disconnect` effect).
    case transportDown(reason: String, now: UInt64)
    /// New measurements of the UDP link.
    case linkQuality(LinkQuality)
    /// The shell has something to tell the user (e.g. that it hosts a relay); shown as a notice.
    case note(String, now: UInt64)
    /// The deadline the shell was asked for (`nextDeadline`) has come.
    case tick(now: UInt64)
}
