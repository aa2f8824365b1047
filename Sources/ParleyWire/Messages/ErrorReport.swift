/// ERROR: a refusal, with a machine-readable code and a sentence for people.
///
/// Clients build what they show from `code` (and the request it names), not from `text`.
public struct ErrorReport: Equatable, Sendable {
    /// The refused request's id, or 0 when the error concerns no request.
    public var request: UInt64
    public var code: ErrorCode
    public var text: String

    public init(request: UInt64 = 0, code: ErrorCode, text: String) {
        self.request = request
        self.code = code
        self.text = text
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.write(code.rawValue)
        w.writeString16(text)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        code = ErrorCode(rawValue: try r.readUInt16())
        text = try r.readString16(field: "error text", maxBytes: Limits.maxDetailBytes)
    }
}
