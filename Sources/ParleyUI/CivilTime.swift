/// A wall-clock time split into calendar fields, computed without the C library.
///
/// Parley stores times as milliseconds since 1970 UTC; the terminal shell supplies the
/// local offset from UTC, so this stays pure and testable.
public struct CivilTime: Hashable, Sendable {
    /// Days since 1970-01-01 in local time (the unit day separators compare).
    public var dayNumber: Int
    /// The year, e.g. 2024.
    public var year: Int
    /// 1...12.
    public var month: Int
    /// 1...31.
    public var day: Int
    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int
    /// 0...23.
    public var hour: Int
    /// 0...59.
    public var minute: Int

    /// Splits `milliseconds` since 1970 UTC, shifted by `utcOffsetSeconds`.
    public init(milliseconds: UInt64, utcOffsetSeconds: Int) {
        let seconds = Int(clamping: milliseconds / 1000) + utcOffsetSeconds
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        dayNumber = days
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        // Days to proleptic Gregorian date, counting eras of 400 years from 0000-03-01.
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // 0 = March
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// "HH:MM".
    public var clockText: String { Self.twoDigits(hour) + ":" + Self.twoDigits(minute) }

    /// "Tue 2024-05-14".
    public var dateText: String {
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return "\(names[weekday]) \(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
