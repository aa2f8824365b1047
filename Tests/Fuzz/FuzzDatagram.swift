// libFuzzer harness: one UDP datagram into the datagram parser.
// Built and run by scripts/fuzz.sh; not part of the SwiftPM package.
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDatagram(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let datagram = try? Datagram.decode(bytes) {
        guard (try? Datagram.decode(datagram.encoded())) == datagram else { fatalError("round trip differs: \(datagram)") }
    }
    return 0
}
