import NIOCore
import NIOPosix

extension RelayServer {
    /// Binds the TCP listener and, on the same port, the UDP socket.
    ///
    /// With no host, binds `::` with IPv6-only off (one dual-stack socket for IPv6 and IPv4);
    /// where IPv6 is unavailable, `0.0.0.0`. With port 0, retries a few times if the port the
    /// kernel picked for TCP is taken for UDP.
    func bind(engine: NIOLoopBound<RelayEngine>) throws -> (listeners: [any Channel], datagram: (any Channel)?, port: Int) {
        let hosts = configuration.host.map { [$0] } ?? ["::", "0.0.0.0"]
        var lastError: (any Error)?
        for host in hosts {
            for _ in 0..<(configuration.port == 0 ? 5 : 1) {
                let listener: any Channel
                do {
                    listener = try bindStream(host: host, port: configuration.port, engine: engine)
                } catch {
                    lastError = error
                    break  // this host is unusable (IPv6 off, address not ours, port taken): try the next
                }
                let port = listener.localAddress?.port ?? configuration.port
                guard configuration.servesUDP else { return ([listener], nil, port) }
                do {
                    let datagram = try bindDatagram(host: host, port: port, engine: engine)
                    try engine.eventLoop.submit { engine.value.datagramChannel = datagram }.wait()
                    return ([listener], datagram, port)
                } catch {
                    lastError = error
                    try? listener.close().wait()
                }
            }
        }
        throw RelayError.bindFailed(host: configuration.host ?? "::", port: configuration.port, reason: "\(lastError.map { "\($0)" } ?? "unknown error")")
    }

    private func bindStream(host: String, port: Int, engine: NIOLoopBound<RelayEngine>) throws -> any Channel {
        let limit = configuration.outboundQueueLimit
        var bootstrap = ServerBootstrap(group: engine.eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            // Each channel keeps its receive buffer for the next read: start it small, so that an
            // idle peer holds 256 bytes rather than NIO's default 2 KiB; a busy one grows it.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 65_536))
            .childChannelOption(.writeBufferWaterMark, value: .init(low: limit, high: limit))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StreamHandler(engine: engine.value))
                }
            }
        if host == "::" {
            bootstrap = bootstrap.serverChannelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 0)
        }
        return try bootstrap.bind(host: host, port: port).wait()
    }

    private func bindDatagram(host: String, port: Int, engine: NIOLoopBound<RelayEngine>) throws -> any Channel {
        var bootstrap = DatagramBootstrap(group: engine.eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // Room for bursts from many peers (the kernel caps these at net.core.[rw]mem_max).
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.datagramVectorReadMessageCount, value: 32)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 32 * 2048))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramHandler(engine: engine.value))
                }
            }
        if host == "::" {
            bootstrap = bootstrap.channelOption(ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 0)
        }
        return try bootstrap.bind(host: host, port: port).wait()
    }
}
