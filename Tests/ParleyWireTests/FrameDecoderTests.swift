import Testing
@testable import ParleyWire

@Suite struct FrameDecoderTests {
    static let stream: [UInt8] = Preamble.bytes + Samples.messages.flatMap { $0.encoded() }

    private func decodeAll(_ chunks: [ArraySlice<UInt8>]) throws -> [Message] {
        var decoder = FrameDecoder(expectsPreamble: true)
        var out: [Message] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let message = try decoder.next() { out.append(message) }
        }
        #expect(decoder.bufferedByteCount == 0)
        return out
    }

    @Test func manyFramesInOneReadDecodeInOrder() throws {
        #expect(try decodeAll([Self.stream[...]]) == Samples.messages)
    }

    @Test func oneByteChunksDecodeIdentically() throws {
        let chunks = Self.stream.indices.map { Self.stream[$0...$0] }
        #expect(try decodeAll(chunks) == Samples.messages)
    }

    @Test(arguments: [1, 2, 3, 42, 1000])
    func seededRandomChunkingDecodesIdentically(seed: UInt64) throws {
        var rng = Samples.SplitMix64(seed: seed)
        var chunks: [ArraySlice<UInt8>] = []
        var index = 0
        while index < Self.stream.count {
            let size = Int.random(in: 1...700, using: &rng)
            let end = min(index + size, Self.stream.count)
            chunks.append(Self.stream[index..<end])
            index = end
        }
        #expect(try decodeAll(chunks) == Samples.messages)
    }

    @Test func partialFrameIsNotConsumed() throws {
        let frame = Message.ping(7).encoded()
        var decoder = FrameDecoder(expectsPreamble: false)
        decoder.append(frame.dropLast())
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == frame.count - 1)
        decoder.append(frame.suffix(1))
        #expect(try decoder.next() == .ping(7))
    }

    @Test func wrongMagicFailsOnTheFirstWrongByte() {
        var decoder = FrameDecoder(expectsPreamble: true)
        decoder.append([0x89, 0x50, 0x00])
        #expect(throws: WireError.badMagic) { try decoder.next() }
        // The failure is sticky: the stream cannot be trusted again.
        decoder.append(Message.ping(1).encoded())
        #expect(throws: WireError.badMagic) { try decoder.next() }
    }

    @Test func wrongVersionIsATypedError() {
        var decoder = FrameDecoder(expectsPreamble: true)
        decoder.append(Preamble.magic + [2])
        #expect(throws: WireError.unsupportedVersion(2)) { try decoder.next() }
    }

    @Test func headerClaimingFourGigabytesFailsAtOnce() {
        var decoder = FrameDecoder(expectsPreamble: false)
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF, 0x11])
        #expect(throws: WireError.frameTooLarge(claimed: 0xFFFF_FFFF)) { try decoder.next() }
    }

    @Test func frameOfExactlyTheLimitIsAwaitedNotRefused() throws {
        var decoder = FrameDecoder(expectsPreamble: false)
        let length = UInt32(Limits.maxBodyBytes)
        decoder.append([UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF), 0x41])
        #expect(try decoder.next() == nil)
    }

    @Test func nonFatalErrorSkipsOnlyTheBadFrame() throws {
        var decoder = FrameDecoder(expectsPreamble: false)
        decoder.append([0, 0, 0, 1, 0x7E, 0xAA])  // unknown type 0x7E
        decoder.append(Message.pong(5).encoded())
        #expect(throws: WireError.unknownType(0x7E)) { try decoder.next() }
        #expect(try decoder.next() == .pong(5))
    }

    @Test func truncatedBodyIsATypedError() {
        var decoder = FrameDecoder(expectsPreamble: false)
        decoder.append([0, 0, 0, 3, MessageType.ping.rawValue, 1, 2, 3])
        #expect(throws: WireError.truncated(type: MessageType.ping.rawValue)) { try decoder.next() }
    }

    /// 100,000 seeded random inputs, half pure noise and half mutated valid streams:
    /// each must end in messages, "need more", or a typed error, never a crash.
    @Test func survivesOneHundredThousandRandomInputs() {
        var rng = Samples.SplitMix64(seed: 0x5EED)
        var outcomes = (messages: 0, needMore: 0, errors: 0)
        for round in 0..<100_000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if round % 4 == 0 { input = Preamble.bytes + input }
            } else {
                let message = Samples.messages[Int.random(in: 0..<Samples.messages.count, using: &rng)]
                input = Preamble.bytes + message.encoded()
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = Int.random(in: 0..<input.count, using: &rng)
                    input[at] = UInt8.random(in: 0...255, using: &rng)
                }
                if Bool.random(using: &rng) { input.removeLast(Int.random(in: 0..<input.count, using: &rng)) }
            }
            var decoder = FrameDecoder(expectsPreamble: true)
            decoder.append(input)
            do {
                var produced = false
                while let _ = try decoder.next() { produced = true }
                if produced { outcomes.messages += 1 } else { outcomes.needMore += 1 }
            } catch {
                outcomes.errors += 1
                #expect(decoder.bufferedByteCount <= input.count)
            }
        }
        #expect(outcomes.messages + outcomes.needMore + outcomes.errors == 100_000)
        #expect(outcomes.errors > 10_000)
        #expect(outcomes.messages > 1_000)
    }
}
