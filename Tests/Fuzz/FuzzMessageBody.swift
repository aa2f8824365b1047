// libFuzzer harness: the first byte is a frame type, the rest a body, straight into the message parser.
// Built and run by scripts/fuzz.sh; not part of the SwiftPM package.
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let type = bytes.first else { return 0 }
    if let message = try? Message.decode(type: type, body: bytes.dropFirst()) {
        var body = ByteWriter()
        message.encodeBody(into: &body)
        guard body.bytes == Array(bytes.dropFirst()) else { fatalError("re-encoding differs for \(message)") }
    }
    return 0
}
