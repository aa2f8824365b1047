import ParleyStoreModel
import ParleyWire

/// Something the shell must do, returned by `RelayCore.handle(_:)` and carried out in order.
public enum RelayAction: Equatable, Sendable {
    /// The kind of a TCP peer is now known. For `.tcp` the shell first writes the relay's
    /// preamble; from now on, messages to this peer are sent in this transport's format.
    case identify(PeerID, as: Transport)
    /// Send one message to one peer, as a frame (TCP, UDP) or a text line (line clients,
    /// formatted by `LineFormatter`; messages without a line form are skipped).
    case send(RelayMessage, to: PeerID)
    /// Send one message to every peer of an audience the core has decided, each in its format.
    /// The shell encodes it once per format and shares the bytes; it never reads core state.
    case deliver(RelayMessage, to: Audience)
    /// Write these bytes as they are (a refusal in an older protocol version's layout).
    case sendBytes([UInt8], to: PeerID)
    /// Close the connection once what is already queued for it has been sent (bounded in time).
    case close(PeerID)
    /// Close the connection at once, dropping whatever is still queued (a slow consumer).
    case abort(PeerID)
    /// Write one line to the operator's log.
    case log(RelayLogEvent)
    /// Periodic statistics for the operator's stats line.
    case report(RelayStatistics)
    /// Keep this in the store (durable relays only). The shell gathers the writes of one pass
    /// into one transaction, off the event loop, and answers with `RelayEvent.stored` or
    /// `.storeFailed` naming the last ticket of it.
    case store(StoreWrite, ticket: StoreTicket)
}

/// Who receives a delivered message, decided by the core.
///
/// The arrays are the core's own membership lists, shared (copy-on-write) rather than copied, so
/// describing a room of thousands costs nothing per message.
public struct Audience: Equatable, Sendable {
    /// Parley clients (TCP or UDP).
    public var framed: [PeerID]
    /// Line clients that see the message as part of their current room.
    public var lines: [PeerID]
    /// Line clients whose current room is another one: their line shows the message's room.
    public var linesElsewhere: [PeerID]
    /// One peer of the lists above not to send it to (a line client's own room message).
    public var except: PeerID?

    public init(framed: [PeerID] = [], lines: [PeerID] = [], linesElsewhere: [PeerID] = [], except: PeerID? = nil) {
        self.framed = framed
        self.lines = lines
        self.linesElsewhere = linesElsewhere
        self.except = except
    }

    /// How many peers receive it.
    public var count: Int {
        let all = framed.count + lines.count + linesElsewhere.count
        guard let except else { return all }
        return all - (framed.contains(except) || lines.contains(except) || linesElsewhere.contains(except) ? 1 : 0)
    }

    /// Every recipient, in order (framed, then lines, then lines elsewhere), without `except`.
    public var recipients: [PeerID] {
        (framed + lines + linesElsewhere).filter { $0 != except }
    }
}
