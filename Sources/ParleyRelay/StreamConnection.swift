import NIOCore
import ParleyRelayCore
import ParleyWire

/// The shell's handle on one TCP peer.
///
/// Guarded by: the relay's event loop (the channel's loop; the relay runs on one loop).
final class StreamConnection {
    let id: PeerID
    let channel: any Channel
    /// How this peer's messages are written; `nil` until the core has identified it.
    var transport: Transport?
    /// Whether the peer is in the engine's list of peers to flush after this pass.
    var needsFlush = false
    /// The last (or gathered) bytes the peer was sent during this pass, not yet handed to the channel.
    var outbox: ByteBuffer?
    /// Bytes queued during this pass and not yet flushed (in `outbox` or already in the channel).
    var unflushedBytes = 0
    /// Whether a close has begun: nothing more is written.
    var isClosing = false
    /// Whether the core has already been told this peer is over its queue limit.
    var reportedBacklog = false

    init(id: PeerID, channel: any Channel) {
        self.id = id
        self.channel = channel
    }

    /// Bytes written to the channel but not yet taken by the kernel.
    var bufferedBytes: Int {
        (try? channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
    }
}
