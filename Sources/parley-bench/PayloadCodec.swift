/// The text layout of a benchmark message, and the strict check that finds it inside whatever a relay
/// wrapped around it.
///
/// ```
/// #PB rrrr ssss qqqqqqqq tttttttttttttttt cccc xxxx…x$
/// ```
/// run, sender, sequence, send time and a check value, in lower-case hex, padded with `x` to the
/// requested size and closed by `$`. Relays put a prefix in front of each line (`<user3> `,
/// `(127.0.0.1:5000) - `, `[12:00] <nick> `, `[12:00] #room <nick> `); none of them contains `#PB `
/// or `$`. A line is an intact delivery when its first `#PB ` starts a complete, well-formed message
/// that runs exactly to the end of the line and nothing before it contains `$`. ncat relays raw
/// chunks and can splice its prefix into the middle of a line: both halves then fail this check and
/// count as mangled. (A room name's `#` before the message, or in a notice, is not a start.)
enum PayloadCodec {
    /// Bytes of the fixed part, before the padding.
    static let fixedSize = 45
    /// The smallest text: the fixed part and the closing `$`.
    static let minimumTextSize = fixedSize + 1
    /// The smallest line: the text and its newline.
    static let minimumLineSize = minimumTextSize + 1

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let hash = UInt8(ascii: "#")
    private static let dollar = UInt8(ascii: "$")
    private static let pad = UInt8(ascii: "x")
    private static let space = UInt8(ascii: " ")
    private static let startMarker: [UInt8] = Array("#PB ".utf8)

    /// What a received line turned out to be.
    enum Classification: Equatable {
        /// A whole benchmark message of this run.
        case intact(Payload)
        /// Benchmark bytes that are cut, spliced or corrupted.
        case mangled
        /// A well-formed benchmark message from another run.
        case foreign
        /// Not benchmark traffic (join notices, welcome lines).
        case other
    }

    /// Appends the `textSize`-byte text of `payload` to `buffer`.
    static func append(_ payload: Payload, textSize: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: [hash, UInt8(ascii: "P"), UInt8(ascii: "B"), space])
        appendHex(UInt64(payload.run), digits: 4, to: &buffer)
        buffer.append(space)
        appendHex(UInt64(payload.sender), digits: 4, to: &buffer)
        buffer.append(space)
        appendHex(UInt64(payload.sequence), digits: 8, to: &buffer)
        buffer.append(space)
        appendHex(payload.sentAt, digits: 16, to: &buffer)
        buffer.append(space)
        appendHex(UInt64(check(payload, textSize: textSize)), digits: 4, to: &buffer)
        buffer.append(space)
        for _ in 0..<(textSize - minimumTextSize) { buffer.append(pad) }
        buffer.append(dollar)
    }

    /// Classifies one line (or one native message text), without its newline.
    static func classify(_ line: UnsafeRawBufferPointer, textSize: Int, run: UInt16) -> Classification {
        var end = line.count
        if end > 0 && line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = -1
        for i in 0..<end {
            let byte = line[i]
            if byte == hash {
                // `#PB ` starts a message; the start of one cut off by the line's end is mangled.
                let marker = startMarker
                let available = min(end - i, marker.count)
                if (0..<available).allSatisfy({ line[i + $0] == marker[$0] }) {
                    if available < marker.count { return .mangled }
                    start = i
                    break
                }
            }
            if byte == dollar { return .mangled }
        }
        if start < 0 { return .other }
        guard end - start == textSize else { return .mangled }
        let text = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard text[1] == UInt8(ascii: "P"), text[2] == UInt8(ascii: "B"), text[3] == space,
            text[8] == space, text[13] == space, text[22] == space, text[39] == space, text[fixedSize - 1] == space,
            text[textSize - 1] == dollar
        else { return .mangled }
        guard let runValue = hex(text, 4, 4), let sender = hex(text, 9, 4), let sequence = hex(text, 14, 8),
            let sentAt = hex(text, 23, 16), let checkValue = hex(text, 40, 4)
        else { return .mangled }
        for i in fixedSize..<(textSize - 1) where text[i] != pad { return .mangled }
        let payload = Payload(
            run: UInt16(runValue), sender: UInt16(sender), sequence: UInt32(sequence), sentAt: sentAt)
        guard checkValue == UInt64(check(payload, textSize: textSize)) else { return .mangled }
        return payload.run == run ? .intact(payload) : .foreign
    }

    /// A 16-bit mix of every field and the size, so a corrupted digit is caught.
    static func check(_ payload: Payload, textSize: Int) -> UInt16 {
        var x = UInt64(payload.run) << 48 ^ UInt64(payload.sender) << 32 ^ UInt64(payload.sequence)
        x ^= payload.sentAt &* 0x9E37_79B9_7F4A_7C15
        x ^= UInt64(textSize) << 20
        x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return UInt16(truncatingIfNeeded: x ^ (x >> 16) ^ (x >> 32))
    }

    private static func appendHex(_ value: UInt64, digits: Int, to buffer: inout [UInt8]) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            buffer.append(hexDigits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    private static func hex(_ text: UnsafeRawBufferPointer, _ offset: Int, _ digits: Int) -> UInt64? {
        var value: UInt64 = 0
        for i in offset..<(offset + digits) {
            let byte = text[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
