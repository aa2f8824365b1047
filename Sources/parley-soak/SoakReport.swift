/// The verdict of a soak run: the figures, and PASS only if nothing was lost, every resume was
/// complete, and the relay's memory and descriptors did not grow.
struct SoakReport {
    let configuration: SoakConfiguration
    let clients: [SoakClient]
    let samples: [(seconds: Double, sample: RelayProcess.Sample)]
    let leaves: Int
    let settled: Bool
    let relayRan: Bool
    let seconds: Double

    /// Memory may move a little (allocator caches); a leak over minutes moves it more.
    static func allowedGrowthKiB(from start: Int) -> Int { max(8 * 1024, start / 5) }

    var failures: [String] {
        var failures: [String] = []
        if !relayRan { failures.append("the relay was not running at the end") }
        if !settled { failures.append("the clients did not all get their echoes and the last message within 30 s of the end") }
        let lastID = clients.map(\.lastSeenID).max() ?? 0
        for client in clients where client.kind != .line && client.lastSeenID != lastID {
            failures.append("\(client.nick) saw up to #\(client.lastSeenID), not #\(lastID)")
        }
        let problems = clients.flatMap(\.anomalies)
        let problemCount = clients.reduce(0) { $0 + $1.anomalyCount }
        if problemCount > 0 { failures.append("\(problemCount) delivery problems, e.g. \(problems.prefix(5))") }
        let unechoed = clients.reduce(0) { $0 + $1.outstanding.count }
        if unechoed > 0 { failures.append("\(unechoed) submissions never echoed") }
        // A line client sees every message but its own.
        let bySender = clients[0].countsBySender ?? [:]
        for client in clients where client.kind == .line {
            let own = bySender[client.nick] ?? 0
            if client.chatLines != lastID - own {
                failures.append("line client \(client.nick) saw \(client.chatLines) chat lines, expected \(lastID - own)")
            }
        }
        if let first = samples.first?.sample, let last = samples.last?.sample, samples.count >= 2 {
            if last.descriptors > first.descriptors + 2 {
                failures.append("the relay's descriptors grew from \(first.descriptors) to \(last.descriptors)")
            }
            let growth = last.residentKiB - first.residentKiB
            if growth > SoakReport.allowedGrowthKiB(from: first.residentKiB) {
                failures.append("the relay's memory grew by \(growth) KiB (from \(first.residentKiB) KiB)")
            }
        } else {
            failures.append("the relay was not sampled twice")
        }
        return failures
    }

    var text: String {
        let lastID = clients.map(\.lastSeenID).max() ?? 0
        let delivered = clients.reduce(0) { $0 + $1.chatsReceived } + clients.reduce(0) { $0 + $1.chatLines }
        let accepted = clients.reduce(0) { $0 + $1.accepted }
        let latencies = clients.flatMap(\.latencies).sorted()
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
            return "\(Double(value / 10_000) / 100) ms"
        }
        var lines = [
            "parley-soak: \(Int(seconds)) s, \(clients.count) clients (\(clients.count(where: { $0.kind == .tcp })) tcp, "
                + "\(clients.count(where: { $0.kind == .udp })) udp, \(clients.count(where: { $0.kind == .line })) line), "
                + "\(clients.count(where: \.churns)) churning: \(leaves) leaves, \(clients.reduce(0) { $0 + $1.resumes }) resumes",
            "  messages: \(lastID) accepted by the relay (\(accepted) echoed to framed and UDP senders), \(delivered) deliveries",
            "  echo latency: p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1))",
        ]
        if let first = samples.first, let last = samples.last {
            lines.append("  relay at steady state (\(Int(first.seconds)) s): \(first.sample)")
            lines.append("  relay at the end (\(Int(last.seconds)) s): \(last.sample)")
            lines.append("  growth: \(last.sample.residentKiB - first.sample.residentKiB) KiB, \(last.sample.descriptors - first.sample.descriptors) fds "
                + "(allowed \(SoakReport.allowedGrowthKiB(from: first.sample.residentKiB)) KiB, 2 fds)")
            lines.append("  samples: " + samples.map { "\(Int($0.seconds))s \($0.sample.residentKiB)KiB/\($0.sample.descriptors)fd" }.joined(separator: ", "))
        }
        let failures = self.failures
        lines.append(failures.isEmpty ? "PASS" : "FAIL")
        lines += failures.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }
}
