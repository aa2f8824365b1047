import ArgumentParser

/// How the load generator talks to the relay.
enum BenchMode: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// Plain-text lines over TCP: works against ncat --chat, NIOChatServer and parley-relay alike.
    case line
    /// Parley's native framed protocol over TCP (preamble, HELLO, SUBMIT; CHAT back).
    case tcp
    /// Parley's native protocol over the reliable UDP link.
    case udp

    /// Whether the relay sends a sender its own messages back, so the sender is one of the expected receivers.
    var echoesToSender: Bool { self != .line }
}
