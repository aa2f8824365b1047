/// The result of one run, as plain values: printed as text or encoded as JSON.
struct BenchReport: Codable, Sendable {
    var label: String
    var mode: String
    var clients: Int
    /// Rooms the clients were spread over (0: all in one).
    var rooms = 0
    var senders: Int
    var rate: Double
    var window: Int
    var size: Int
    var idle: Bool

    // Joining.
    var joined = 0
    var failedToJoin = 0
    var droppedAfterJoin = 0
    /// From the first connect to the last join, seconds.
    var joinSeconds = 0.0
    /// CPU seconds the relay and this generator spent while clients joined (is the generator the bottleneck?).
    var relayJoinCPUSeconds: Double?
    var generatorJoinCPUSeconds = 0.0
    /// The first connect or join failure, if any.
    var firstFailure: String?

    // Messages.
    var measuredSeconds = 0.0
    var sent: UInt64 = 0
    var expected: UInt64 = 0
    var delivered: UInt64 = 0
    var deliveriesPerSecond = 0.0
    var lost: UInt64 = 0
    var duplicates: UInt64 = 0
    var mangled: UInt64 = 0
    var foreign: UInt64 = 0
    var echoes: UInt64 = 0
    var refused: UInt64 = 0
    var firstRefusal: String?

    // One-way latency, milliseconds.
    var latencyP50 = 0.0
    var latencyP90 = 0.0
    var latencyP99 = 0.0
    var latencyMax = 0.0
    var latencyMean = 0.0
    /// Parley modes: submission to the sender's own echo (its ✓), milliseconds.
    var acknowledgementP50: Double?
    var acknowledgementP99: Double?

    // Relay and generator resources.
    var relayCPUSeconds: Double?
    var relayCPUMicrosecondsPerDelivery: Double?
    var relayRSSBytes: UInt64?
    var relayPeakRSSBytes: UInt64?
    var relayBaselineRSSBytes: UInt64?
    var relayRSSBytesPerConnection: Double?
    var generatorCPUSeconds = 0.0
    /// UDP mode: datagrams the kernel dropped because the relay's socket buffer was full.
    var udpRelaySocketDrops: UInt64?
    /// UDP mode: datagrams the kernel dropped because a client socket's buffer was full.
    var udpClientSocketDrops: UInt64?
    var descriptorLimit: UInt64 = 0
}
