import Testing

@testable import ParleyRelayCore

@Suite struct ArrivalOrderTests {
    @Test func aFullOrderForgetsTheOldestFirst() {
        var order = ArrivalOrder<String>(capacity: 3)
        #expect(["a", "b", "c"].map { order.add($0) } == [nil, nil, nil])
        #expect(order.add("d") == "a")
        #expect(order.add("e") == "b")
        #expect(order.add("f") == "c")
        #expect(order.add("g") == "d")
    }

    @Test func capacityIsAtLeastOne() {
        var order = ArrivalOrder<Int>(capacity: 0)
        #expect(order.capacity == 1)
        #expect(order.add(1) == nil)
        #expect(order.add(2) == 1)
    }
}
