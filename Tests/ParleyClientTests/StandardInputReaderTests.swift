import ParleyClient
import ParleyTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct StandardInputReaderTests {
    /// Feeds `bytes` through a pipe and returns the lines read and whether the end was reported.
    func read(_ bytes: [UInt8]) async throws -> [String] {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let lines = Locked<[String]>([])
        let ended = Locked(false)
        let reader = StandardInputReader(
            descriptor: ends[0], onLine: { line in lines.withLock { $0.append(line) } },
            onEnd: { ended.withLock { $0 = true } })
        reader.start()
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(ends[1], raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        close(ends[1])
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while !ended.withLock({ $0 }) && clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        close(ends[0])
        #expect(ended.withLock { $0 })
        return lines.withLock { $0 }
    }

    @Test func splitsLinesAndDropsCarriageReturns() async throws {
        #expect(try await read(Array("one\ntwo\r\n\nthree".utf8)) == ["one", "two", "", "three"])
    }

    @Test func replacesInvalidUTF8() async throws {
        #expect(try await read([0x61, 0xFF, 0x62, 0x0A]) == ["a\u{FFFD}b"])
    }

    @Test func cutsEndlessLinesIntoBoundedPieces() async throws {
        let lines = try await read(Array(repeating: 0x78, count: StandardInputReader.maxLineBytes * 2 + 10))
        #expect(lines.map(\.utf8.count) == [StandardInputReader.maxLineBytes, StandardInputReader.maxLineBytes, 10])
    }
}
