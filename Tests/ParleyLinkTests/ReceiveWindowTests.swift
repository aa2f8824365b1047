@testable import ParleyLink
import ParleyWire
import Testing

@Suite struct ReceiveWindowTests {
    func segment(_ sequence: UInt32, index: UInt16 = 0, count: UInt16 = 1, payload: [UInt8] = [1]) -> DataSegment {
        DataSegment(session: 1, sequence: sequence, ack: Acknowledgement(cumulative: 0), fragmentIndex: index, fragmentCount: count, payload: payload)
    }

    @Test func fragmentsOutOfOrderAreDroppedAndCountedWithoutStallingLaterFrames() {
        var window = ReceiveWindow(capacity: 16)
        var frames: [[UInt8]] = []
        _ = window.accept(segment(1, index: 0, count: 3, payload: [1]), frames: &frames)
        _ = window.accept(segment(2, index: 2, count: 3, payload: [2]), frames: &frames)  // skips index 1
        _ = window.accept(segment(3, index: 0, count: 1, payload: [3]), frames: &frames)
        #expect(frames == [[3]])
        #expect(window.violations == 1)
    }

    @Test func reassemblyNeverExceedsTheFrameLimit() {
        var window = ReceiveWindow(capacity: 256)
        var frames: [[UInt8]] = []
        let count = UInt16(Datagram.maxFragments)
        let full = [UInt8](repeating: 7, count: Datagram.maxFragmentPayload)
        for i in 0..<count { _ = window.accept(segment(UInt32(i) + 1, index: i, count: count, payload: full), frames: &frames) }
        #expect(frames.isEmpty)
        #expect(window.violations >= 1)
    }

    @Test func theOutOfOrderBufferIsBoundedByTheWindow() {
        var window = ReceiveWindow(capacity: 4)
        var frames: [[UInt8]] = []
        let outcomes = (2...10).map { window.accept(segment(UInt32($0)), frames: &frames) }
        #expect(outcomes.filter { $0 == .accepted }.count == 3)
        #expect(window.bufferedCount == 3)
        #expect(window.accept(segment(3), frames: &frames) == .duplicate)
    }
}
