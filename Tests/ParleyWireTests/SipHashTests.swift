@testable import ParleyWire
import Testing

@Suite struct SipHashTests {
    /// Reference vectors of SipHash-2-4 with key 00 01 … 0f and message 00 01 … (n-1).
    @Test(arguments: [(0, 0x726f_db47_dd0e_0e31 as UInt64), (1, 0x74f8_39c5_93dc_67fd), (15, 0xa129_ca61_49be_45e5), (63, 0x958a_324c_eb06_4572)])
    func matchesReferenceVectors(length: Int, expected: UInt64) {
        let hasher = SipHash(key: Array(0..<16))
        #expect(hasher.hash((0..<length).map { UInt8($0) }) == expected)
    }
}
