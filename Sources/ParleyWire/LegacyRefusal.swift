/// What a relay sends a peer that speaks protocol version 1, in version 1's own layout, so that
/// an old client shows a clear refusal instead of "malformed".
///
/// Version 1's ERROR frame is type `0x40` with `code: u16`, `key: u64`, `text: str16`; code 2 is
/// "unsupported version" in both versions.
public enum LegacyRefusal {
    /// The sentence naming both versions.
    public static var text: String {
        "this relay speaks Parley protocol version \(Preamble.version); your client speaks version \(Preamble.legacyVersion): update it"
    }

    /// The v1 ERROR frame carrying `text`.
    public static var frame: [UInt8] {
        var w = ByteWriter(capacity: 128)
        w.write(UInt32(0))
        w.write(UInt8(0x40))
        w.write(ErrorCode.unsupportedVersion.rawValue)
        w.write(UInt64(0))
        w.writeString16(text)
        w.overwrite(UInt32(w.bytes.count - FrameHeader.size), at: 0)
        return w.bytes
    }

    /// Over TCP: version 1's preamble, then the refusal.
    public static var stream: [UInt8] { Preamble.bytes(version: Preamble.legacyVersion) + frame }
}
