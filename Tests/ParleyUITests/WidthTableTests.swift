import Testing
@testable import ParleyUI

struct WidthTableTests {
    @Test(arguments: [
        (UInt32(0x41), 1), (0x4E2D, 2), (0x3042, 2), (0x30A2, 2), (0xAC00, 2), (0xFF21, 2), (0x1F600, 2),
        (0x0301, 0), (0x200D, 0), (0xFE0F, 0), (0x1160, 0), (0x00AD, 1), (0x1B, -1), (0x85, -1),
        (0x2764, 1), (0x1F1EF, 1), (0x3000, 2), (0x20000, 2), (0x00E9, 1), (0x0416, 1),
    ])
    func knownWidths(value: UInt32, expected: Int) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(WidthTable.width(of: scalar) == expected)
    }
}
