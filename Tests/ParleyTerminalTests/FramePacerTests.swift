import Testing
@testable import ParleyTerminal

struct FramePacerTests {
    @Test func theFirstFrameIsDrawnAtOnce() {
        let pacer = FramePacer(interval: 100)
        #expect(pacer.delay(now: 5) == 0)
    }

    @Test func anUpdateRightAfterAFrameWaitsForTheRestOfTheInterval() {
        var pacer = FramePacer(interval: 100)
        pacer.frameDrawn(at: 1_000)
        #expect(pacer.delay(now: 1_000) == 100)
        #expect(pacer.delay(now: 1_030) == 70)
        #expect(pacer.delay(now: 1_100) == 0)
        #expect(pacer.delay(now: 5_000) == 0)
    }

    @Test func everyFrameCountsKeysIncluded() {
        var pacer = FramePacer(interval: 100)
        pacer.frameDrawn(at: 1_000)
        pacer.frameDrawn(at: 1_090)  // a key drawn at once
        #expect(pacer.delay(now: 1_120) == 70)
    }

    @Test func aClockBehindTheLastFrameDoesNotHoldFramesBack() {
        var pacer = FramePacer(interval: 100)
        pacer.frameDrawn(at: 1_000)
        #expect(pacer.delay(now: 900) == 0)
    }

    @Test func sixtyFramesASecondByDefault() {
        #expect(FramePacer().interval == (1_000_000_000 + 59) / 60)
    }
}
