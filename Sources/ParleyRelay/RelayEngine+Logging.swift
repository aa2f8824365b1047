import Logging
import ParleyLink
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// One log line per core event.
    func log(_ event: RelayLogEvent) {
        switch event {
        case .joined(let id, let nick, let transport):
            logger.info("joined", metadata: ["nick": "\(nick)", "transport": "\(transport)", "peer": "\(id)", "address": "\(address(of: id))"])
        case .left(let id, let nick, let reason, let detail):
            var metadata: Logger.Metadata = ["nick": "\(nick)", "reason": "\(reason)", "peer": "\(id)"]
            if !detail.isEmpty { metadata["detail"] = "\(detail)" }
            logger.log(level: event.isWarning ? .warning : .info, "left", metadata: metadata)
        case .dropped(let id, let reason, let detail):
            var metadata: Logger.Metadata = ["reason": "\(reason)", "peer": "\(id)", "address": "\(address(of: id))"]
            if !detail.isEmpty { metadata["detail"] = "\(detail)" }
            logger.log(level: event.isWarning ? .notice : .debug, "connection closed before joining", metadata: metadata)
        case .renamed(let id, let old, let new):
            logger.info("nick changed", metadata: ["old": "\(old)", "new": "\(new)", "peer": "\(id)"])
        case .refused(let id, let nick, let code, let detail):
            logger.warning("refused", metadata: ["code": "\(code)", "nick": "\(nick)", "peer": "\(id)", "detail": "\(detail)"])
        case .serverFull(let id):
            logger.warning("server full: connection refused", metadata: ["peer": "\(id)", "address": "\(address(of: id))", "max_peers": "\(configuration.maxPeers)"])
        case .addressFull(let id, let address, let limit):
            logger.warning("too many connections from one address: connection refused", metadata: ["peer": "\(id)", "address": "\(self.address(of: id))", "counted_as": "\(address)", "max_per_address": "\(limit)"])
        case .shuttingDown(let peers):
            logger.notice("shutting down", metadata: ["peers": "\(peers)"])
        case .joinedRoom(let id, let nick, let room):
            logger.info("entered room", metadata: ["room": "\(room)", "nick": "\(nick)", "peer": "\(id)"])
        case .partedRoom(let id, let nick, let room, let detail):
            var metadata: Logger.Metadata = ["room": "\(room)", "nick": "\(nick)", "peer": "\(id)"]
            if !detail.isEmpty { metadata["detail"] = "\(detail)" }
            logger.info("parted room", metadata: metadata)
        case .topicSet(let id, let nick, let room):
            logger.info("topic set", metadata: ["room": "\(room)", "nick": "\(nick)", "peer": "\(id)"])
        case .roomCreated(let room):
            logger.info("room created", metadata: ["room": "\(room)"])
        case .roomDropped(let room):
            logger.info("empty room dropped to make way for a new one", metadata: ["room": "\(room)"])
        case .storeFailed(let reason, let refused):
            logger.error("store write failed; messages refused until it works again", metadata: ["reason": "\(reason)", "refused": "\(refused)"])
        case .storeRecovered:
            logger.notice("store writes work again")
        }
    }

    /// The remote address of a peer, for log lines.
    func address(of id: PeerID) -> String {
        if let connection = stream(id) { return connection.channel.remoteAddress?.readable ?? "?" }
        if let session = session(id), let address = link.address(of: session) {
            return socketAddress(for: address).map { "udp \($0.readable)" } ?? "udp \(address)"
        }
        return departed[id] ?? "?"
    }

    /// The stats line: peers, rates since the last line, rejections, disconnects, UDP link figures.
    func report(_ statistics: RelayStatistics) {
        let sample = StatsSample(statistics: statistics, traffic: traffic)
        defer { lastSample = sample }
        let previous = lastSample ?? StatsSample(statistics: RelayStatistics(), traffic: TrafficCounters())
        let elapsed = max(Double(statistics.time &- (lastSample?.statistics.time ?? statistics.time &- configuration.statsInterval.milliseconds)) / 1000, 0.001)
        func rate(_ now: UInt64, _ before: UInt64) -> String {
            let value = Double(now &- before) / elapsed
            return value >= 100 ? "\(Int(value.rounded()))" : "\((value * 10).rounded() / 10)"
        }
        let peers = [Transport.tcp, .udp, .line].map { "\($0):\(statistics.peers[$0] ?? 0)" }.joined(separator: ",")
        var metadata: Logger.Metadata = [
            "peers": "\(peers)",
            "pending": "\(statistics.pendingPeers)",
            "rooms": "\(statistics.rooms)",
            "msgs_in_per_s": "\(rate(statistics.messagesIn, previous.statistics.messagesIn))",
            "deliveries_per_s": "\(rate(statistics.deliveries, previous.statistics.deliveries))",
            "bytes_in_per_s": "\(rate(sample.traffic.bytesIn, previous.traffic.bytesIn))",
            "bytes_out_per_s": "\(rate(sample.traffic.bytesOut, previous.traffic.bytesOut))",
            "rejected": "\(Self.tally(statistics.rejections.map { ("\($0.key)", $0.value) }))",
            "disconnects": "\(Self.tally(statistics.disconnects.map { ("\($0.key)", $0.value) }))",
        ]
        if !sessionPeers.isEmpty {
            var rttTotal: UInt64 = 0
            var retransmissions: UInt64 = 0
            var counted: UInt64 = 0
            for session in sessionPeers.keys {
                guard let figures = link.statistics(for: session) else { continue }
                rttTotal += figures.smoothedRTT
                retransmissions += figures.retransmissions
                counted += 1
            }
            let meanRTT = counted == 0 ? 0 : Double(rttTotal / counted) / 1_000_000
            metadata["udp_rtt_ms"] = "\((meanRTT * 100).rounded() / 100)"
            metadata["udp_retransmissions"] = "\(retransmissions)"
        }
        logger.info("stats", metadata: metadata)
    }

    /// `a:1,b:2`, sorted, or `0` when there is nothing to count.
    static func tally(_ counts: [(String, UInt64)]) -> String {
        let nonzero = counts.filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }
        return nonzero.isEmpty ? "0" : nonzero.map { "\($0.0.replacingSpaces()):\($0.1)" }.joined(separator: ",")
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
