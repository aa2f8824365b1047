import NIOCore

/// Hands every UDP datagram the relay receives to the engine's link.
///
/// Guarded by: the relay's event loop.
final class DatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let engine: RelayEngine

    init(engine: RelayEngine) {
        self.engine = engine
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        engine.receivedDatagram(envelope.data, from: envelope.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (port unreachable) surface here for one peer; the socket itself is fine.
        engine.datagramError(error)
    }
}
