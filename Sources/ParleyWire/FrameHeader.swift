/// The 5-byte header in front of every frame: body length (u32, big-endian), then type (u8).
public enum FrameHeader {
    /// Header size in bytes.
    public static let size = 5
}

/// The bytes a Parley peer sends first on a TCP connection: magic `89 50 52 4C` and a version byte.
///
/// `0x89` can never begin valid UTF-8 text, so a relay tells a Parley client from a line client
/// (nc, telnet) by the very first byte.
public enum Preamble {
    /// The magic bytes.
    public static let magic: [UInt8] = [0x89, 0x50, 0x52, 0x4C]
    /// The protocol version this build speaks.
    public static let version: UInt8 = 2
    /// The first version, still recognised so that its peers get a refusal they can read.
    public static let legacyVersion: UInt8 = 1
    /// The whole preamble for this version.
    public static let bytes: [UInt8] = magic + [version]
    /// The preamble of another version (to answer its peer in its own terms).
    public static func bytes(version: UInt8) -> [UInt8] { magic + [version] }
    /// Preamble size in bytes.
    public static let size = 5

    /// Whether a stream that begins with `first` is (meant to be) a Parley framed stream.
    public static func isFramed(firstByte first: UInt8) -> Bool { first == magic[0] }
}
