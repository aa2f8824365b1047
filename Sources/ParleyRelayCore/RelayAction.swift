import ParleyWire

/// Something the shell must do, returned by `RelayCore.handle(_:)` and carried out in order.
public enum RelayAction: Equatable, Sendable {
    /// The kind of a TCP peer is now known. For `.tcp` the shell first writes the relay's
    /// preamble; from now on, messages to this peer are sent in this transport's format.
    case identify(PeerID, as: Transport)
    /// Send one message to one peer, as a frame (TCP, UDP) or a text line (line clients,
    /// formatted by `LineFormatter`; messages without a line form are skipped).
    case send(Message, to: PeerID)
    /// Send one message to every peer in `RelayCore.room` except `except`, each in its own format.
    /// The shell encodes it once per format and shares the bytes.
    case broadcast(Message, except: PeerID?)
    /// Close the connection once what is already queued for it has been sent (bounded in time).
    case close(PeerID)
    /// Close the connection at once, dropping whatever is still queued (a slow consumer).
    case abort(PeerID)
    /// Write one line to the operator's log.
    case log(RelayLogEvent)
    /// Periodic statistics for the operator's stats line.
    case report(RelayStatistics)
}
