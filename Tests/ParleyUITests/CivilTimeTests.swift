import Testing
@testable import ParleyUI

struct CivilTimeTests {
    @Test func splitsUTCTime() {
        let time = CivilTime(milliseconds: Fixtures.morning, utcOffsetSeconds: 0)
        #expect(time.clockText == "09:30")
        #expect(time.dateText == "Tue 2024-05-14")
    }

    @Test func appliesTheLocalOffset() {
        let tokyo = CivilTime(milliseconds: Fixtures.morning, utcOffsetSeconds: 9 * 3600)
        #expect(tokyo.clockText == "18:30")
        let hawaii = CivilTime(milliseconds: Fixtures.morning, utcOffsetSeconds: -10 * 3600)
        #expect(hawaii.clockText == "23:30")
        #expect(hawaii.dateText == "Mon 2024-05-13")
    }

    @Test func epochAndLeapDay() {
        #expect(CivilTime(milliseconds: 0, utcOffsetSeconds: 0).dateText == "Thu 1970-01-01")
        #expect(CivilTime(milliseconds: 951_782_400_000, utcOffsetSeconds: 0).dateText == "Tue 2000-02-29")
        #expect(CivilTime(milliseconds: 0, utcOffsetSeconds: -60).dateText == "Wed 1969-12-31")
    }
}
