import ParleyRelayCore
import ParleyWire

/// Byte and delivery counters only the shell can see, for the stats line.
///
/// Guarded by: the relay's event loop.
struct TrafficCounters: Sendable {
    var bytesIn: UInt64 = 0
    var bytesOut: UInt64 = 0
    var datagramsIn: UInt64 = 0
    var datagramsOut: UInt64 = 0
}

/// One stats report with the shell's counters, kept to compute rates against the next.
struct StatsSample: Sendable {
    var statistics: RelayStatistics
    var traffic: TrafficCounters
}
