import Testing
@testable import ParleyWire

@Suite struct DatagramTests {
    @Test(arguments: GoldenVectors.datagrams.values.map { $0 })
    func everyDatagramRoundTrips(_ datagram: Datagram) throws {
        #expect(try Datagram.decode(datagram.encoded()) == datagram)
    }

    @Test func cookieAnswerIsNeverLargerThanTheInit() {
        let initiate = Datagram.initiate(nonce: 1).encoded()
        let cookie = Datagram.cookie(nonce: 1, cookie: Cookie(issued: .max, mac: .max)).encoded()
        #expect(initiate.count == Datagram.initSize)
        #expect(cookie.count <= initiate.count)
    }

    @Test func fullDataDatagramFitsTheLimit() throws {
        let segment = DataSegment(session: 1, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: [UInt8](repeating: 7, count: Datagram.maxFragmentPayload))
        let bytes = Datagram.data(segment).encoded()
        #expect(bytes.count == Limits.maxDatagramBytes)
        #expect(try Datagram.decode(bytes) == .data(segment))
    }

    @Test func oversizeDatagramIsATypedError() {
        let bytes = Datagram.magic + [1, 5] + [UInt8](repeating: 0, count: Limits.maxDatagramBytes)
        #expect(throws: WireError.self) { try Datagram.decode(bytes) }
    }

    @Test func shortInitIsRefused() {
        var bytes = Datagram.initiate(nonce: 1).encoded()
        bytes.removeLast()
        #expect(throws: WireError.self) { try Datagram.decode(bytes) }
    }

    @Test func fragmentIndexBeyondCountIsRefused() {
        let bytes = Datagram.data(DataSegment(session: 1, sequence: 1, ack: Acknowledgement(cumulative: 0), fragmentIndex: 3, fragmentCount: 2, payload: [])).encoded()
        #expect(throws: WireError.self) { try Datagram.decode(bytes) }
    }

    @Test func wrongVersionIsTyped() {
        #expect(throws: WireError.unsupportedVersion(9)) { try Datagram.decode(Datagram.magic + [9, 6]) }
    }

    @Test func randomBytesNeverCrash() {
        var rng = Samples.SplitMix64(seed: 77)
        var accepted = 0
        for round in 0..<20_000 {
            var bytes = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0 && bytes.count >= 4 { bytes[0] = 0x89; bytes[1] = 0x55; bytes[2] = 1; bytes[3] = UInt8.random(in: 1...8, using: &rng) }
            if (try? Datagram.decode(bytes)) != nil { accepted += 1 }
        }
        #expect(accepted < 20_000)
    }
}
