// libFuzzer harness: a TCP byte stream into the frame decoder, split at a fuzzer-chosen point.
// Built and run by scripts/fuzz.sh; not part of the SwiftPM package.
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())
    let split = input.isEmpty ? 0 : Int(first) % (input.count + 1)
    var decoder = FrameDecoder(expectsPreamble: first & 1 == 0)
    var decoded: [Message] = []
    for chunk in [input[..<split], input[split...]] {
        decoder.append(chunk)
        while true {
            do {
                guard let message = try decoder.next() else { break }
                decoded.append(message)
            } catch {
                if error.isFatal { return 0 }
            }
        }
    }
    // Whatever decodes must encode back to a frame that decodes to the same value.
    for message in decoded {
        guard (try? Message.decode(frame: message.encoded())) == message else { fatalError("round trip differs: \(message)") }
    }
    return 0
}
