// libFuzzer harness: a peer's byte stream into the one input pipeline, InboundStream. The first
// byte picks the pipeline (bits 0-1: the relay's TCP stream, classified by its first byte; a
// client's TCP stream after the relay's preamble; a UDP link's frames at the relay; at a client)
// and the size of the reads the rest arrives in (bits 2-7). Invariants: the items are the same
// whether the bytes arrive in those reads or all at once; nothing follows a fatal failure; the
// stream is classified at most once, first; lines hold no newline, and a line client's stream
// never holds more than a line's limit; every decoded message encodes back to a frame that
// decodes to the same value.
// Built and run by scripts/fuzz.sh; not part of the SwiftPM package.
import ParleyWire

private let maxLineBytes = 64

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())
    let chunk = Int(first >> 2) + 1
    switch first & 3 {
    case 0: run(InboundStream<ClientMessage>.Mode.classify(maxLineBytes: maxLineBytes), input, chunk: chunk)
    case 1: run(InboundStream<RelayMessage>.Mode.framedWithPreamble, input, chunk: chunk)
    case 2: run(InboundStream<ClientMessage>.Mode.frames, input, chunk: chunk)
    default: run(InboundStream<RelayMessage>.Mode.frames, input, chunk: chunk)
    }
    return 0
}

private func run<M: WireMessage>(_ mode: InboundStream<M>.Mode, _ input: [UInt8], chunk: Int) {
    let split = items(mode, input, chunk: chunk)
    let whole = items(mode, input, chunk: max(1, input.count))
    guard split == whole else { fatalError("reads of \(chunk) bytes gave \(split), one read gave \(whole)") }
    var ended = false
    for (index, item) in split.enumerated() {
        if ended { fatalError("\(item) after a fatal failure") }
        switch item {
        case .classified:
            if index != 0 { fatalError("classified at item \(index)") }
        case .message(let message):
            guard (try? M.decode(frame: message.encoded())) == message else { fatalError("round trip differs: \(message)") }
        case .line(let line):
            if line.utf8.contains(0x0A) { fatalError("a line holds a newline: \(line)") }
        case .lineTooLong:
            break
        case .failure(let error):
            ended = error.isFatal
        }
    }
}

private func items<M: WireMessage>(_ mode: InboundStream<M>.Mode, _ input: [UInt8], chunk: Int) -> [InboundStream<M>.Item] {
    var stream = InboundStream<M>(mode)
    var out: [InboundStream<M>.Item] = []
    var start = 0
    while start < input.count {
        stream.append(Array(input[start..<min(start + chunk, input.count)]))
        while let item = stream.next() { out.append(item) }
        if stream.kind == .lines && stream.bufferedByteCount > maxLineBytes + 1 {
            fatalError("a line client's stream holds \(stream.bufferedByteCount) bytes")
        }
        start += chunk
    }
    stream.finish()
    while let item = stream.next() { out.append(item) }
    return out
}
