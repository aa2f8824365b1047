/// A log-linear histogram of nanosecond latencies: exact below 128 ns, then 64 buckets per power of
/// two (under 1.6 % error), in a fixed 3.8 k-entry table however many samples arrive.
struct LatencyHistogram: Sendable {
    private static let linearBuckets = 128
    private static let bucketsPerOctave = 64
    private var counts = [UInt64](repeating: 0, count: linearBuckets + (64 - 7) * bucketsPerOctave)
    /// Samples recorded.
    private(set) var count: UInt64 = 0
    /// The largest sample, exactly.
    private(set) var maximum: UInt64 = 0
    private var sum: Double = 0

    /// Records one latency.
    mutating func record(_ nanoseconds: UInt64) {
        counts[Self.index(of: nanoseconds)] &+= 1
        count &+= 1
        sum += Double(nanoseconds)
        if nanoseconds > maximum { maximum = nanoseconds }
    }

    /// The mean, or 0 with no samples.
    var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// The value below which `fraction` of the samples lie (bucket midpoint), or 0 with no samples.
    func percentile(_ fraction: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((fraction * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank { return min(Self.midpoint(of: index), maximum) }
        }
        return maximum
    }

    private static func index(of value: UInt64) -> Int {
        if value < UInt64(linearBuckets) { return Int(value) }
        let octave = 63 - value.leadingZeroBitCount  // ≥ 7
        let sub = Int(value >> UInt64(octave - 6)) - bucketsPerOctave  // 0..<64
        return linearBuckets + (octave - 7) * bucketsPerOctave + sub
    }

    private static func midpoint(of index: Int) -> UInt64 {
        if index < linearBuckets { return UInt64(index) }
        let octave = (index - linearBuckets) / bucketsPerOctave + 7
        let sub = UInt64((index - linearBuckets) % bucketsPerOctave + bucketsPerOctave)
        let width = UInt64(1) << UInt64(octave - 6)
        return sub * width + width / 2
    }
}
