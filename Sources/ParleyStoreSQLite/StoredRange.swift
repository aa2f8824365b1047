/// A range of `UInt64` values as the ranges of stored `Int64` bit patterns that hold them, in
/// unsigned order.
///
/// Values are stored as `Int64(bitPattern:)`, so values from 2^63 up read as negative numbers
/// and SQL's signed comparisons would put them before the small ones. A range that stays on
/// one side of 2^63 is one signed range; one that crosses it is two: the small values, then the
/// large ones. Querying each with `BETWEEN` (which the primary key and the time index serve)
/// and concatenating the results gives unsigned order over the whole 64-bit range.
enum StoredRange {
    /// The signed ranges covering `range`, in unsigned order.
    static func ranges(_ range: ClosedRange<UInt64>) -> [ClosedRange<Int64>] {
        let high: UInt64 = 1 << 63
        let lower = Int64(bitPattern: range.lowerBound)
        let upper = Int64(bitPattern: range.upperBound)
        if range.upperBound < high || range.lowerBound >= high {
            return [lower...upper]
        }
        return [lower...Int64.max, Int64.min...upper]
    }

    /// The values below `bound` (none if it is 0).
    static func below(_ bound: UInt64) -> [ClosedRange<Int64>] {
        bound == 0 ? [] : ranges(0...(bound - 1))
    }

    /// The values above `bound` (none if it is `UInt64.max`).
    static func above(_ bound: UInt64) -> [ClosedRange<Int64>] {
        bound == .max ? [] : ranges((bound + 1)...UInt64.max)
    }
}
