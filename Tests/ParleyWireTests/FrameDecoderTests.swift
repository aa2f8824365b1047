import Testing

@testable import ParleyWire

@Suite struct FrameDecoderTests {
    static let clientStream: [UInt8] = Preamble.bytes + Samples.clientMessages.flatMap { $0.encoded() }
    static let relayStream: [UInt8] = Samples.relayMessages.flatMap { $0.encoded() }

    private func decodeAll<M: WireMessage>(_: M.Type, _ chunks: [ArraySlice<UInt8>], preamble: Bool) throws -> [M] {
        var decoder = FrameDecoder<M>(expectsPreamble: preamble)
        var out: [M] = []
        for chunk in chunks {
            decoder.append(chunk)
            while let message = try decoder.next() { out.append(message) }
        }
        #expect(decoder.bufferedByteCount == 0)
        return out
    }

    @Test func manyFramesInOneReadDecodeInOrder() throws {
        #expect(try decodeAll(ClientMessage.self, [Self.clientStream[...]], preamble: true) == Samples.clientMessages)
        #expect(try decodeAll(RelayMessage.self, [Self.relayStream[...]], preamble: false) == Samples.relayMessages)
    }

    @Test func oneByteChunksDecodeIdentically() throws {
        let client = Self.clientStream.indices.map { Self.clientStream[$0...$0] }
        #expect(try decodeAll(ClientMessage.self, client, preamble: true) == Samples.clientMessages)
        let relay = Self.relayStream.indices.map { Self.relayStream[$0...$0] }
        #expect(try decodeAll(RelayMessage.self, relay, preamble: false) == Samples.relayMessages)
    }

    @Test(arguments: [1, 2, 3, 42, 1000])
    func seededRandomChunkingDecodesIdentically(seed: UInt64) throws {
        var rng = Samples.SplitMix64(seed: seed)
        var chunks: [ArraySlice<UInt8>] = []
        var index = 0
        while index < Self.relayStream.count {
            let end = min(index + Int.random(in: 1...700, using: &rng), Self.relayStream.count)
            chunks.append(Self.relayStream[index..<end])
            index = end
        }
        #expect(try decodeAll(RelayMessage.self, chunks, preamble: false) == Samples.relayMessages)
    }

    @Test func partialFrameIsNotConsumed() throws {
        let frame = RelayMessage.ping(7).encoded()
        var decoder = FrameDecoder<RelayMessage>(expectsPreamble: false)
        decoder.append(frame.dropLast())
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == frame.count - 1)
        decoder.append(frame.suffix(1))
        #expect(try decoder.next() == .ping(7))
    }

    @Test func readPreambleWaitsForAllFiveBytes() throws {
        var decoder = FrameDecoder<ClientMessage>(expectsPreamble: true)
        decoder.append(Preamble.bytes.prefix(4))
        #expect(try decoder.readPreamble() == false)
        decoder.append(Preamble.bytes.suffix(1))
        #expect(try decoder.readPreamble() == true)
        #expect(decoder.bufferedByteCount == 0)
        var unframed = FrameDecoder<ClientMessage>(expectsPreamble: false)
        #expect(try unframed.readPreamble() == true)
    }

    @Test func wrongMagicFailsOnTheFirstWrongByte() {
        var decoder = FrameDecoder<ClientMessage>(expectsPreamble: true)
        decoder.append([0x89, 0x50, 0x00])
        #expect(throws: WireError.badMagic) { try decoder.next() }
        // The failure is sticky: the stream cannot be trusted again.
        decoder.append(ClientMessage.ping(1).encoded())
        #expect(throws: WireError.badMagic) { try decoder.next() }
        #expect(throws: WireError.badMagic) { try decoder.readPreamble() }
    }

    @Test(arguments: [0, 1, 3, 0xFF] as [UInt8])
    func otherVersionsAreATypedFatalError(version: UInt8) {
        var decoder = FrameDecoder<ClientMessage>(expectsPreamble: true)
        decoder.append(Preamble.magic + [version])
        #expect(throws: WireError.unsupportedVersion(version)) { try decoder.next() }
        #expect(throws: WireError.unsupportedVersion(version)) { try decoder.next() }
    }

    @Test func headerClaimingFourGigabytesFailsAtOnce() {
        var decoder = FrameDecoder<RelayMessage>(expectsPreamble: false)
        decoder.append([0xFF, 0xFF, 0xFF, 0xFF, 0x11])
        #expect(throws: WireError.frameTooLarge(claimed: 0xFFFF_FFFF)) { try decoder.next() }
        decoder.append(RelayMessage.ping(1).encoded())
        #expect(throws: WireError.frameTooLarge(claimed: 0xFFFF_FFFF)) { try decoder.next() }
    }

    @Test func frameOfExactlyTheLimitIsAwaitedNotRefused() throws {
        var decoder = FrameDecoder<RelayMessage>(expectsPreamble: false)
        let length = UInt32(Limits.maxBodyBytes)
        decoder.append([UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF), 0x41])
        #expect(try decoder.next() == nil)
    }

    @Test func nonFatalErrorSkipsOnlyTheBadFrame() throws {
        var decoder = FrameDecoder<RelayMessage>(expectsPreamble: false)
        decoder.append([0, 0, 0, 1, 0x7E, 0xAA])  // unknown type 0x7E
        decoder.append(RelayMessage.pong(5).encoded())
        #expect(throws: WireError.unknownType(0x7E)) { try decoder.next() }
        #expect(try decoder.next() == .pong(5))
    }

    @Test func truncatedBodyIsATypedError() {
        var decoder = FrameDecoder<ClientMessage>(expectsPreamble: false)
        decoder.append([0, 0, 0, 3, ClientMessage.Kind.ping.rawValue, 1, 2, 3])
        #expect(throws: WireError.truncated(type: ClientMessage.Kind.ping.rawValue)) { try decoder.next() }
    }

    /// 100,000 seeded random inputs, half pure noise and half mutated valid streams, at both
    /// ends: each must end in messages, "need more", or a typed error, never a crash.
    @Test func survivesOneHundredThousandRandomInputs() {
        var rng = Samples.SplitMix64(seed: 0x5EED)
        var outcomes = (messages: 0, needMore: 0, errors: 0)
        func run<M: WireMessage>(_: M.Type, _ input: [UInt8]) {
            var decoder = FrameDecoder<M>(expectsPreamble: true)
            decoder.append(input)
            do {
                var produced = false
                while try decoder.next() != nil { produced = true }
                if produced { outcomes.messages += 1 } else { outcomes.needMore += 1 }
            } catch {
                outcomes.errors += 1
                #expect(decoder.bufferedByteCount <= input.count)
            }
        }
        for round in 0..<100_000 {
            let toRelay = round % 3 != 0
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if round % 4 == 0 { input = Preamble.bytes + input }
            } else {
                let frame =
                    toRelay
                    ? Samples.clientMessages[Int.random(in: 0..<Samples.clientMessages.count, using: &rng)].encoded()
                    : Samples.relayMessages[Int.random(in: 0..<Samples.relayMessages.count, using: &rng)].encoded()
                input = Preamble.bytes + frame
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    input[Int.random(in: 0..<input.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                if Bool.random(using: &rng) { input.removeLast(Int.random(in: 0..<input.count, using: &rng)) }
            }
            if toRelay { run(ClientMessage.self, input) } else { run(RelayMessage.self, input) }
        }
        #expect(outcomes.messages + outcomes.needMore + outcomes.errors == 100_000)
        #expect(outcomes.errors > 10_000)
        #expect(outcomes.messages > 1_000)
    }
}
