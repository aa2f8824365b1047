import NIOCore
import ParleyRelayCore
import ParleyWire

/// Turns one TCP channel's life into relay events: accepted, bytes, end of input, gone.
///
/// Guarded by: the relay's event loop (NIO calls a handler on its channel's loop only).
final class StreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let engine: RelayEngine
    private var id: PeerID?
    private var failure: (any Error)?

    init(engine: RelayEngine) {
        self.engine = engine
    }

    func channelActive(context: ChannelHandlerContext) {
        let id = engine.register(context.channel)
        self.id = id
        context.fireChannelActive()
        engine.opened(id)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let id else { return }
        let buffer = unwrapInboundIn(data)
        engine.received(buffer, from: id)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed, let id {
            engine.inputClosed(id)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset or a failed write: the peer is gone. Close; channelInactive reports it.
        failure = error
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id { engine.closed(id, failure: failure) }
        id = nil
        context.fireChannelInactive()
    }
}
