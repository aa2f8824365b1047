import NIOCore
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// Carries out consecutive `.deliver` actions to one audience: each message is encoded at
    /// most once per format, and every recipient gets all of them as one buffer (the same bytes
    /// shared by every recipient of that format; ByteBuffer is copy-on-write).
    ///
    /// Recipients are looked up in `peers`, the shell's own record of how each is reached; an id
    /// with no route (a connection that closed while the core was deciding) is skipped.
    func deliver(_ actions: ArraySlice<RelayAction>, to audience: Audience) {
        var batch = DeliveryBatch(actions)
        let except = audience.except
        for id in audience.framed where id != except {
            switch peers[id] {
            case .stream(let connection)?:
                guard connection.transport == .tcp else { continue }
                write(batch.framed(), to: connection)
            case .link(let session)?:
                for frame in batch.linkFrames() { sendFrame(frame, to: session) }
            case nil:
                continue
            }
        }
        deliverLines(&batch, to: audience.lines, except: except, showingRoom: false)
        deliverLines(&batch, to: audience.linesElsewhere, except: except, showingRoom: true)
    }

    private func deliverLines(_ batch: inout DeliveryBatch, to recipients: [PeerID], except: PeerID?, showingRoom: Bool) {
        guard !recipients.isEmpty else { return }
        for id in recipients where id != except {
            guard case .stream(let connection)? = peers[id], connection.transport == .line else { continue }
            // Formatted once, on the first recipient; none of the messages may have a line form.
            guard let text = batch.lines(core.lineFormatter, showingRoom: showingRoom) else { return }
            write(text, to: connection)
        }
    }

    /// One message to one peer, in its transport's format.
    func send(_ message: RelayMessage, to id: PeerID) {
        switch peers[id] {
        case .stream(let connection)?:
            switch connection.transport {
            case .tcp?:
                write(ByteBuffer(bytes: message.encoded()), to: connection)
            case .line?:
                guard let text = core.lineFormatter.text(for: message, showingRoom: false) else { return }
                write(ByteBuffer(string: text), to: connection)
            case .udp?, nil:
                return
            }
        case .link(let session)?:
            sendFrame(message.encoded(), to: session)
        case nil:
            return
        }
    }

    /// Bytes as they are (a refusal in an older version's layout): written to a TCP stream, or
    /// sent as one frame on a UDP link.
    func sendBytes(_ bytes: [UInt8], to id: PeerID) {
        switch peers[id] {
        case .stream(let connection)?: write(ByteBuffer(bytes: bytes), to: connection)
        case .link(let session)?: sendFrame(bytes, to: session)
        case nil: return
        }
    }
}
