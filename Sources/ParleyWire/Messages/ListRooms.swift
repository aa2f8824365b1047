/// LIST: which rooms are there? Answered by ROOMS pages.
public struct ListRooms: Equatable, Sendable {
    public var request: UInt64

    public init(request: UInt64) { self.request = request }

    func encode(into w: inout ByteWriter) { w.write(request) }

    init(from r: inout ByteReader) throws(WireError) { request = try r.readUInt64() }
}
