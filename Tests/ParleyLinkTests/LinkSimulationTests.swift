import ParleyFaultProxy
import ParleyLink
import ParleyWire
import Testing

@Suite struct LinkSimulationTests {
    static let conditions: [(loss: Double, duplicate: Double, reorder: Double)] = [
        (0, 0, 0), (0.10, 0.05, 0.05), (0.30, 0.05, 0.05),
    ]

    @Test(arguments: conditions.indices)
    func thousandMessagesArriveExactlyOnceInOrderBothWays(_ condition: Int) {
        let c = Self.conditions[condition]
        let rates = FaultRates(loss: c.loss, duplicate: c.duplicate, reorder: c.reorder, jitter: .milliseconds(1))
        var sim = LinkSimulation(plan: FaultPlan(upstream: rates, downstream: rates, seed: UInt64(condition) + 11))
        sim.echo = true
        sim.start()
        let frames = (0..<1000).map { testFrame($0, size: testFrameSize($0)) }
        // Offer in bursts, as a chat client would, while the clock runs.
        for batch in stride(from: 0, to: frames.count, by: 50) {
            for frame in frames[batch..<min(batch + 50, frames.count)] { sim.clientSend(frame) }
            _ = sim.run(for: 20_000_000)
        }
        let done = sim.run(for: 120_000_000_000) { $0.clientDelivered.count >= frames.count }
        #expect(done)
        #expect(sim.serverDelivered == frames)
        #expect(sim.clientDelivered == frames)
        if c.loss > 0 {
            #expect((sim.client.statistics.retransmissions) > 0)
        }
    }
}
