import Testing

@testable import ParleyClientCore

@Suite struct RingBufferTests {
    @Test func keepsElementsInOrderUntilFull() {
        var buffer = RingBuffer<Int>(capacity: 3)
        #expect(buffer.append(1) == nil)
        #expect(buffer.append(2) == nil)
        #expect(Array(buffer) == [1, 2])
        #expect(!buffer.isFull)
    }

    @Test(arguments: [1, 2, 3, 7])
    func dropsOldestWhenFull(capacity: Int) {
        var buffer = RingBuffer<Int>(capacity: capacity)
        var dropped: [Int] = []
        for value in 0..<20 {
            if let old = buffer.append(value) { dropped.append(old) }
        }
        #expect(Array(buffer) == Array((20 - capacity)..<20))
        #expect(dropped == Array(0..<(20 - capacity)))
        #expect(buffer.count == capacity)
    }

    @Test func elementsCanBeChangedInPlaceAfterWrapping() {
        var buffer = RingBuffer<Int>(capacity: 3)
        for value in 0..<5 { buffer.append(value) }
        buffer[0] = 100
        #expect(Array(buffer) == [100, 3, 4])
    }

    @Test func removeAllEmptiesAndStartsAgain() {
        var buffer = RingBuffer<Int>(capacity: 2)
        for value in 0..<5 { buffer.append(value) }
        buffer.removeAll()
        #expect(buffer.isEmpty)
        buffer.append(9)
        #expect(Array(buffer) == [9])
    }

    @Test func capacityIsAtLeastOne() {
        var buffer = RingBuffer<String>(capacity: 0)
        buffer.append("a")
        buffer.append("b")
        #expect(Array(buffer) == ["b"])
    }
}
