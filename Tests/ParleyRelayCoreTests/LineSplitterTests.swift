import Testing

@testable import ParleyRelayCore

@Suite struct LineSplitterTests {
    @Test(arguments: [1, 2, 3, 7, 100])
    func splitsTheSameWhateverTheChunking(chunk: Int) {
        var splitter = LineSplitter(maxLineBytes: 64)
        let input = Array("alpha\r\nbeta\n\ngamma\n".utf8)
        var pieces: [LineSplitter.Piece] = []
        var start = 0
        while start < input.count {
            pieces += splitter.append(Array(input[start..<min(start + chunk, input.count)]))
            start += chunk
        }
        #expect(pieces == [.line(Array("alpha".utf8)), .line(Array("beta".utf8)), .line([]), .line(Array("gamma".utf8))])
        #expect(splitter.bufferedByteCount == 0)
    }

    @Test func overlongLineIsReportedOnceAndNeverBuffered() {
        var splitter = LineSplitter(maxLineBytes: 10)
        var pieces: [LineSplitter.Piece] = []
        for _ in 0..<50 {
            pieces += splitter.append(Array(repeating: 0x61, count: 7))
            #expect(splitter.bufferedByteCount <= 11)
        }
        pieces += splitter.append(Array("\nok\n".utf8))
        #expect(pieces == [.tooLong, .line(Array("ok".utf8))])
    }

    @Test func lineOfExactlyTheLimitPassesWithCRLF() {
        var splitter = LineSplitter(maxLineBytes: 4)
        #expect(splitter.append(Array("abcd\r\n".utf8)) == [.line(Array("abcd".utf8))])
        #expect(splitter.append(Array("abcde\n".utf8)) == [.tooLong])
    }

    @Test func finishReturnsAnUnterminatedLastLine() {
        var splitter = LineSplitter(maxLineBytes: 10)
        #expect(splitter.append(Array("tail".utf8)).isEmpty)
        #expect(splitter.finish() == [.line(Array("tail".utf8))])
    }
}
