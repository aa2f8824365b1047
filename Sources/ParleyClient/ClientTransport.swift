import ParleyClientCore
import ParleyWire

/// What a transport tells its session, from the transport's own queue.
enum TransportEvent: Sendable {
    /// Connected (TCP) or established (UDP link): HELLO may go out.
    case up
    /// Messages from the relay, in order.
    case messages([RelayMessage])
    /// A frame could not be decoded, but the stream goes on.
    case malformed(String)
    /// New UDP link figures.
    case quality(LinkQuality)
    /// The transport failed or the relay closed it; nothing more will be reported.
    case down(ClientError)
}

/// A connection to the relay that carries Parley messages: framed TCP or the reliable UDP link.
///
/// Every method may be called from any thread; the transport does its work on its own serial
/// queue and reports through the `@Sendable` event handler it was created with, from that queue.
protocol ClientTransport: AnyObject, Sendable {
    /// Resolves, connects and reports `.up` or `.down`.
    func start()
    /// Sends one message (ignored once closed).
    func send(_ message: ClientMessage)
    /// Sends what is queued (best effort, briefly), closes, then calls `completion`; reports nothing more.
    func close(then completion: @escaping @Sendable () -> Void)
}
