import ParleyWire

/// The relay's bytes as the transports report them: `ParleyWire.InboundStream` (the one input
/// pipeline Parley has) turned into `TransportEvent`s.
///
/// A frame of a type this client does not know is skipped silently (a later relay may send new
/// notifications); any other frame that cannot be decoded is reported, and reading goes on. A
/// fatal error (not Parley, another protocol version, a frame over the limit) ends the stream.
struct RelayInbound: Sendable {
    private var stream: InboundStream<RelayMessage>

    /// `.framedWithPreamble` for a TCP stream, `.frames` for the frames a UDP link delivers.
    init(_ mode: InboundStream<RelayMessage>.Mode) {
        stream = InboundStream(mode)
    }

    /// Adds received bytes and returns what they complete, in order: batches of messages and
    /// malformed frames, then `.down` after a fatal error (nothing comes after it).
    mutating func events(for bytes: [UInt8]) -> [TransportEvent] {
        stream.append(bytes)
        var events: [TransportEvent] = []
        var messages: [RelayMessage] = []
        func flush() {
            if !messages.isEmpty { events.append(.messages(messages)) }
            messages = []
        }
        while let item = stream.next() {
            switch item {
            case .message(let message):
                messages.append(message)
            case .failure(let error) where error.isFatal:
                flush()
                events.append(.down(Self.clientError(for: error)))
                return events
            case .failure(.unknownType):
                continue
            case .failure(let error):
                flush()
                events.append(.malformed(error.description))
            case .classified, .line, .lineTooLong:
                continue  // the preamble was read; a framed stream has no lines
            }
        }
        flush()
        return events
    }

    /// What a fatal stream error means to the user.
    static func clientError(for error: WireError) -> ClientError {
        if case .unsupportedVersion(let version) = error.problem { return .relayVersion(version) }
        return .protocolViolation(detail: error.description)
    }
}
