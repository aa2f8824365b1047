import Testing

@testable import ParleyWire

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
        #expect(pieces == [.line("alpha"), .line("beta"), .line(""), .line("gamma")])
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
        #expect(pieces == [.tooLong, .line("ok")])
    }

    @Test func lineOfExactlyTheLimitPassesWithCRLF() {
        var splitter = LineSplitter(maxLineBytes: 4)
        #expect(splitter.append(Array("abcd\r\n".utf8)) == [.line("abcd")])
        #expect(splitter.append(Array("abcde\n".utf8)) == [.tooLong])
    }

    @Test func invalidUTF8BecomesReplacementCharactersWhereverTheReadsSplitIt() {
        let input: [UInt8] = Array("caf".utf8) + [0xC3, 0xA9, 0x20, 0xFF, 0x0A] + Array("好".utf8) + [0x0A]
        for split in 0...input.count {
            var splitter = LineSplitter(maxLineBytes: 64)
            let pieces = splitter.append(Array(input[..<split])) + splitter.append(Array(input[split...]))
            #expect(pieces == [.line("café \u{FFFD}"), .line("好")], "split at \(split)")
        }
    }

    @Test func finishReturnsAnUnterminatedLastLine() {
        var splitter = LineSplitter(maxLineBytes: 10)
        #expect(splitter.append(Array("tail".utf8)).isEmpty)
        #expect(splitter.finish() == [.line("tail")])
    }
}
