import Testing

@testable import ParleyWire

@Suite struct InboundStreamTests {
    typealias RelaySide = InboundStream<ClientMessage>
    typealias ClientSide = InboundStream<RelayMessage>

    static let maxLine = 64

    /// What a relay's TCP peer sends when it is a Parley client: preamble, then every sample.
    static let framedInput: [UInt8] = Preamble.bytes + Samples.clientMessages.flatMap { $0.encoded() }
    static let framedItems: [RelaySide.Item] = [.classified(.framed)] + Samples.clientMessages.map { .message($0) }

    /// What a line client sends.
    static let lineInput = Array("/nick ada\r\nhello, 世界\n\n/join #dev\n".utf8)
    static let lineItems: [RelaySide.Item] = [.classified(.lines), .line("/nick ada"), .line("hello, 世界"), .line(""), .line("/join #dev")]

    /// Feeds `input` in chunks of `size` bytes, draining after each, as a shell does after each read.
    static func feed<M>(_ stream: inout InboundStream<M>, _ input: [UInt8], chunk size: Int) -> [InboundStream<M>.Item] {
        var items: [InboundStream<M>.Item] = []
        var start = 0
        while start < input.count {
            stream.append(Array(input[start..<min(start + size, input.count)]))
            while let item = stream.next() { items.append(item) }
            start += size
        }
        return items
    }

    static let chunkSizes = [1, 2, 3, 5, 7, 13, 64, 1000, 1 << 20]

    // MARK: Classification

    @Test func firstByte0x89MakesAFramedStream() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        #expect(stream.kind == nil)
        stream.append([0x89])
        #expect(stream.kind == .framed)
        #expect(stream.next() == nil)  // the preamble is not complete yet
        stream.append(Array(Preamble.bytes.dropFirst()) + ClientMessage.ping(1).encoded())
        #expect(stream.next() == .classified(.framed))
        #expect(stream.next() == .message(.ping(1)))
        #expect(stream.next() == nil)
    }

    @Test(arguments: [UInt8(ascii: "h"), UInt8(ascii: "/"), 0x00, 0x0A, 0x88, 0x8A, 0xFF])
    func anyOtherFirstByteMakesALineStream(first: UInt8) {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append([first] + Array("ok\n".utf8))
        #expect(stream.kind == .lines)
        #expect(stream.next() == .classified(.lines))
        var lines: [String] = []
        while let item = stream.next() {
            guard case .line(let line) = item else {
                Issue.record("expected lines only, got \(item)")
                return
            }
            lines.append(line)
        }
        #expect(lines.last?.hasSuffix("ok") == true)
    }

    @Test func silentStreamDeclaredLinesIsALineClientWhateverComesNext() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        #expect(stream.next() == nil)
        stream.declareLines()
        #expect(stream.kind == .lines)
        #expect(stream.next() == .classified(.lines))
        #expect(stream.next() == nil)
        // Even the Parley magic is text now (and not valid UTF-8: a replacement character).
        stream.append(Preamble.bytes + Array("\n".utf8))
        #expect(stream.next() == .line("\u{FFFD}PRL\u{02}"))
    }

    @Test func declareLinesAfterClassificationChangesNothing() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append(Preamble.bytes)
        stream.declareLines()
        #expect(stream.kind == .framed)
        #expect(stream.next() == .classified(.framed))
        var lines = RelaySide(.classify(maxLineBytes: Self.maxLine))
        lines.append(Array("a\n".utf8))
        lines.declareLines()
        #expect(lines.next() == .classified(.lines))
        #expect(lines.next() == .line("a"))
    }

    @Test func emptyReadsChangeNothing() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append([])
        #expect(stream.kind == nil)
        #expect(stream.next() == nil)
        #expect(stream.bufferedByteCount == 0)
    }

    // MARK: Split and coalesced reads

    @Test(arguments: chunkSizes)
    func framedStreamDecodesTheSameWhateverTheChunking(chunk: Int) {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        #expect(Self.feed(&stream, Self.framedInput, chunk: chunk) == Self.framedItems)
        #expect(stream.bufferedByteCount == 0)
    }

    @Test(arguments: chunkSizes)
    func lineStreamSplitsTheSameWhateverTheChunking(chunk: Int) {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        #expect(Self.feed(&stream, Self.lineInput, chunk: chunk) == Self.lineItems)
        #expect(stream.bufferedByteCount == 0)
    }

    @Test(arguments: chunkSizes)
    func clientStreamDecodesTheRelaysPreambleAndFramesWhateverTheChunking(chunk: Int) {
        let input = Preamble.bytes + Samples.relayMessages.flatMap { $0.encoded() }
        var stream = ClientSide(.framedWithPreamble)
        #expect(stream.kind == .framed)
        #expect(Self.feed(&stream, input, chunk: chunk) == Samples.relayMessages.map { .message($0) })
    }

    @Test(arguments: chunkSizes)
    func linkFramesNeedNoPreamble(chunk: Int) {
        let input = Samples.clientMessages.flatMap { $0.encoded() }
        var stream = RelaySide(.frames)
        #expect(Self.feed(&stream, input, chunk: chunk) == Samples.clientMessages.map { .message($0) })
    }

    @Test(arguments: [1, 7, 100])
    func seededRandomChunkingDecodesIdentically(seed: UInt64) {
        var rng = Samples.SplitMix64(seed: seed)
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        var items: [RelaySide.Item] = []
        var index = 0
        while index < Self.framedInput.count {
            let end = min(index + Int.random(in: 1...700, using: &rng), Self.framedInput.count)
            stream.append(Array(Self.framedInput[index..<end]))
            while let item = stream.next() { items.append(item) }
            index = end
        }
        #expect(items == Self.framedItems)
    }

    @Test func partialFrameIsHeldNotConsumed() {
        let frame = ClientMessage.ping(7).encoded()
        var stream = RelaySide(.frames)
        stream.append(Array(frame.dropLast()))
        #expect(stream.next() == nil)
        #expect(stream.bufferedByteCount == frame.count - 1)
        stream.append([frame.last!])
        #expect(stream.next() == .message(.ping(7)))
        #expect(stream.bufferedByteCount == 0)
    }

    // MARK: Fatal failures

    /// A version 1 client's preamble: the stream fails once with `unsupportedVersion(1)` and yields
    /// nothing after it, however much more arrives.
    @Test func versionOnePreambleIsFatalAndNothingFollows() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        let v1Hello: [UInt8] = [0, 0, 0, 0x18, 0x01, 0x05] + Array("alice".utf8) + [UInt8](repeating: 0, count: 18)
        stream.append(Preamble.bytes(version: 1) + v1Hello)
        #expect(stream.kind == .framed)
        let failure = stream.next()
        #expect(failure == .failure(.unsupportedVersion(1)))
        if case .failure(let error) = failure { #expect(error.isFatal && error.code == .unsupportedVersion) }
        #expect(stream.next() == nil)
        stream.append(ClientMessage.ping(1).encoded())
        #expect(stream.next() == nil)
    }

    @Test(arguments: [0, 3, 0xFF] as [UInt8])
    func anyOtherVersionIsFatalToo(version: UInt8) {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append(Preamble.bytes(version: version))
        #expect(stream.next() == .failure(.unsupportedVersion(version)))
        #expect(stream.next() == nil)
    }

    /// A client reading a version 1 relay's answer stops at its preamble.
    @Test func clientReadingAVersionOneRelayStopsAtItsPreamble() {
        var stream = ClientSide(.framedWithPreamble)
        stream.append(LegacyRefusal.stream)
        #expect(stream.next() == .failure(.unsupportedVersion(1)))
        #expect(stream.next() == nil)
    }

    @Test(arguments: [[0x89, 0x00], [0x89, 0x50, 0x52, 0x4D], [0x89, 0x55, 0x01, 0x01]] as [[UInt8]])
    func badMagicFailsAtTheFirstWrongByteAndNothingFollows(input: [UInt8]) {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append(input)
        #expect(stream.next() == .failure(.badMagic))
        stream.append(Preamble.bytes + ClientMessage.ping(1).encoded())
        #expect(stream.next() == nil)
    }

    @Test func frameTooLargeFailsOnItsHeaderAndNothingFollows() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        let claimed = UInt32(Limits.maxBodyBytes + 1)
        stream.append(Preamble.bytes + [UInt8(claimed >> 24), UInt8((claimed >> 16) & 0xFF), UInt8((claimed >> 8) & 0xFF), UInt8(claimed & 0xFF), 0x10])
        #expect(stream.next() == .classified(.framed))
        #expect(stream.next() == .failure(.frameTooLarge(claimed: claimed)))
        stream.append(ClientMessage.ping(1).encoded())
        #expect(stream.next() == nil)
    }

    @Test func frameOfExactlyTheLimitIsAwaitedNotRefused() {
        var stream = ClientSide(.frames)
        let length = UInt32(Limits.maxBodyBytes)
        stream.append([UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF), 0x41])
        #expect(stream.next() == nil)
    }

    @Test func nonFatalFailureSkipsOnlyTheBadFrame() {
        var stream = RelaySide(.frames)
        stream.append([0, 0, 0, 9, 0x7E, 0, 0, 0, 0, 0, 0, 0, 4, 0xAA])  // unknown type, request 4
        stream.append(ClientMessage.pong(5).encoded())
        #expect(stream.next() == .failure(.inRequest(4, .unknownType(0x7E))))
        #expect(stream.next() == .message(.pong(5)))
        #expect(stream.next() == nil)
    }

    // MARK: Lines

    @Test func finishYieldsTheLastUnterminatedLine() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append(Array("one\ntwo".utf8))
        #expect(stream.next() == .classified(.lines))
        #expect(stream.next() == .line("one"))
        #expect(stream.next() == nil)
        #expect(stream.bufferedByteCount == 3)
        stream.finish()
        #expect(stream.next() == .line("two"))
        #expect(stream.next() == nil)
    }

    @Test func finishOnAFramedStreamYieldsNothing() {
        var stream = RelaySide(.classify(maxLineBytes: Self.maxLine))
        stream.append(Preamble.bytes + Array(ClientMessage.ping(1).encoded().dropLast()))
        #expect(stream.next() == .classified(.framed))
        stream.finish()
        #expect(stream.next() == nil)
    }

    @Test(arguments: [1, 4, 1000])
    func lineTooLongIsReportedOnceAndTheNextLineIsRead(chunk: Int) {
        var stream = RelaySide(.classify(maxLineBytes: 10))
        let input = Array("fine\n".utf8) + [UInt8](repeating: 0x61, count: 50) + Array("\nafter\n".utf8)
        #expect(Self.feed(&stream, input, chunk: chunk) == [.classified(.lines), .line("fine"), .lineTooLong, .line("after")])
        #expect(stream.bufferedByteCount == 0)
    }

    @Test func lineOfExactlyTheLimitPasses() {
        var stream = RelaySide(.classify(maxLineBytes: 10))
        stream.append(Array("0123456789\r\n01234567890\n".utf8))
        #expect(stream.next() == .classified(.lines))
        #expect(stream.next() == .line("0123456789"))
        #expect(stream.next() == .lineTooLong)
    }
}
