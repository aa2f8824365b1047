import NIOCore
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// Carries out consecutive `.broadcast` actions: each message is encoded at most once per
    /// format, and a recipient excluded from none of them gets all of them as one buffer (the
    /// same bytes shared by every such recipient; ByteBuffer is copy-on-write).
    func broadcast<Actions: Collection<RelayAction>>(_ actions: Actions) {
        var messages: [EncodedMessage] = []
        var excepted: [PeerID] = []
        messages.reserveCapacity(actions.count)
        for case .broadcast(let message, let except) in actions {
            messages.append(EncodedMessage(message, except: except))
            if let except, excepted.last != except { excepted.append(except) }
        }
        guard !messages.isEmpty else { return }
        // A chat message excepts one peer (its line-client sender): compare ids rather than hash
        // one per recipient. A batch of presence notices may except many: then a set.
        let excludedSet = excepted.count > 8 ? Set(excepted) : nil
        var allFramed: ByteBuffer?
        var allLines: ByteBuffer?
        for recipient in currentAudience() {
            if excludedSet?.contains(recipient.id) ?? excepted.contains(recipient.id) {
                for index in messages.indices where messages[index].except != recipient.id {
                    deliver(&messages[index], to: recipient)
                }
                continue
            }
            switch recipient.route {
            case .framed(let connection):
                if allFramed == nil { allFramed = frames(&messages) }
                if let allFramed { write(allFramed, to: connection) }
            case .line(let connection):
                if allLines == nil { allLines = lines(messages) }
                if let allLines, allLines.readableBytes > 0 { write(allLines, to: connection) }
            case .link:
                for index in messages.indices { deliver(&messages[index], to: recipient) }
            }
        }
    }

    /// One message to one member, in its format.
    private func deliver(_ message: inout EncodedMessage, to recipient: BroadcastRecipient) {
        switch recipient.route {
        case .framed(let connection): write(message.framed(), to: connection)
        case .line(let connection): if let line = message.line(core.lineFormatter) { write(line, to: connection) }
        case .link(let session): sendFrame(message.frame(), to: session)
        }
    }

    /// The messages' frames back to back, encoded straight into one buffer (the one message's
    /// own frame when there is only one).
    private func frames(_ messages: inout [EncodedMessage]) -> ByteBuffer {
        if messages.count == 1 { return messages[0].framed() }
        var writer = ByteWriter(capacity: messages.count * 112)
        for message in messages { message.message.encode(into: &writer) }
        return ByteBuffer(bytes: writer.bytes)
    }

    /// What line clients see of the messages, back to back, formatted straight into one buffer.
    private func lines(_ messages: [EncodedMessage]) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(messages.count * 96)
        for message in messages { core.lineFormatter.append(message.message, to: &bytes) }
        return ByteBuffer(bytes: bytes)
    }

    /// The room as an array of routes, rebuilt only when the room has changed.
    func currentAudience() -> [BroadcastRecipient] {
        if audienceVersion == core.roomVersion { return audience }
        var recipients: [BroadcastRecipient] = []
        recipients.reserveCapacity(core.room.count)
        for id in core.room {
            if let connection = streams[id] {
                switch connection.transport {
                case .tcp?: recipients.append(BroadcastRecipient(id: id, route: .framed(connection)))
                case .line?: recipients.append(BroadcastRecipient(id: id, route: .line(connection)))
                case .udp?, nil: continue
                }
            } else if let session = peerSessions[id] {
                recipients.append(BroadcastRecipient(id: id, route: .link(session: session)))
            }
        }
        audience = recipients
        audienceVersion = core.roomVersion
        return recipients
    }
}

/// A message to broadcast, encoded lazily and at most once per format.
///
/// Guarded by: the relay's event loop (a local of one broadcast).
struct EncodedMessage {
    let message: Message
    /// The member not to send it to.
    let except: PeerID?
    private var frameBytes: [UInt8]?
    private var framedBuffer: ByteBuffer?
    private var lineBuffer: ByteBuffer?
    private var lineFormatted = false

    init(_ message: Message, except: PeerID?) {
        self.message = message
        self.except = except
    }

    /// The frame, for the UDP link.
    mutating func frame() -> [UInt8] {
        if let frameBytes { return frameBytes }
        let bytes = message.encoded()
        frameBytes = bytes
        return bytes
    }

    /// The frame, for TCP.
    mutating func framed() -> ByteBuffer {
        if let framedBuffer { return framedBuffer }
        let buffer = ByteBuffer(bytes: frame())
        framedBuffer = buffer
        return buffer
    }

    /// The text line(s), for line clients; `nil` for messages they never see.
    mutating func line(_ formatter: LineFormatter) -> ByteBuffer? {
        if !lineFormatted {
            var bytes: [UInt8] = []
            formatter.append(message, to: &bytes)
            lineBuffer = bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
            lineFormatted = true
        }
        return lineBuffer
    }
}
