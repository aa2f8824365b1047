import Foundation

extension BenchReport {
    /// A human-readable block, one figure per line.
    var text: String {
        var lines: [String] = []
        let shape = idle ? "idle" : (rate > 0 ? "\(Self.number(rate)) msg/s" : "flood, window \(window)")
        let spread = rooms > 0 ? " in \(rooms) rooms" : ""
        lines.append("\(label): \(mode), \(clients) clients\(spread), \(senders) senders, \(shape), \(size)-byte messages")
        lines.append("  joined          \(joined) of \(clients) in \(Self.number(joinSeconds, digits: 2)) s"
            + (failedToJoin > 0 ? ", \(failedToJoin) failed" : "") + (droppedAfterJoin > 0 ? ", \(droppedAfterJoin) dropped later" : ""))
        lines.append("  joining CPU     relay " + (relayJoinCPUSeconds.map { Self.number($0, digits: 2) + " s" } ?? "-")
            + ", generator \(Self.number(generatorJoinCPUSeconds, digits: 2)) s")
        if let firstFailure { lines.append("  first failure   \(firstFailure)") }
        if !idle {
            lines.append("  sent            \(sent) messages in \(Self.number(measuredSeconds, digits: 2)) s")
            lines.append("  delivered       \(delivered) of \(expected) expected (lost \(lost), mangled \(mangled), duplicates \(duplicates))")
            lines.append("  deliveries/s    \(Self.number(deliveriesPerSecond))")
            lines.append("  latency ms      p50 \(Self.number(latencyP50, digits: 3))  p90 \(Self.number(latencyP90, digits: 3))  "
                + "p99 \(Self.number(latencyP99, digits: 3))  max \(Self.number(latencyMax, digits: 3))")
            if let acknowledgementP50, let acknowledgementP99 {
                lines.append("  ✓ after ms      p50 \(Self.number(acknowledgementP50, digits: 3))  p99 \(Self.number(acknowledgementP99, digits: 3))")
            }
            if echoes > 0 || foreign > 0 || refused > 0 {
                lines.append("  also            own echoes \(echoes), foreign \(foreign), refused \(refused)"
                    + (firstRefusal.map { " (\($0))" } ?? ""))
            }
        }
        if let relayCPUSeconds {
            var line = "  relay CPU       \(Self.number(relayCPUSeconds, digits: 2)) s"
            if let perDelivery = relayCPUMicrosecondsPerDelivery { line += ", \(Self.number(perDelivery, digits: 2)) µs per delivery" }
            lines.append(line)
        }
        if let relayRSSBytes, let relayPeakRSSBytes {
            var line = "  relay memory    RSS \(Self.mebibytes(relayRSSBytes)), peak \(Self.mebibytes(relayPeakRSSBytes))"
            if let perConnection = relayRSSBytesPerConnection {
                line += ", \(Self.number(perConnection / 1024, digits: 2)) KiB per connection"
            }
            lines.append(line)
        }
        if let udpRelaySocketDrops, let udpClientSocketDrops {
            lines.append("  kernel UDP      dropped for full buffers: \(udpRelaySocketDrops) at the relay's socket, "
                + "\(udpClientSocketDrops) at the clients'")
        }
        lines.append("  generator CPU   \(Self.number(generatorCPUSeconds, digits: 2)) s")
        return lines.joined(separator: "\n")
    }

    /// The report as one JSON object.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func number(_ value: Double, digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

    static func mebibytes(_ bytes: UInt64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
