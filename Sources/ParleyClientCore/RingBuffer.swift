/// A first-in, first-out buffer of fixed capacity that forgets its oldest element when full.
///
/// Appending is O(1) and never reallocates once the buffer has filled; positions run from 0
/// (the oldest element kept) to `count - 1` (the newest).
public struct RingBuffer<Element> {
    /// Grows up to `capacity`, then is overwritten in place starting at `head`.
    private var storage: [Element] = []
    /// The storage index of the oldest element (always 0 until the buffer has filled once).
    private var head = 0

    /// The most elements the buffer keeps.
    public let capacity: Int

    /// Creates an empty buffer that keeps at most `capacity` elements (at least one).
    public init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
    }

    /// Whether the next append will drop the oldest element.
    public var isFull: Bool { storage.count == capacity }

    /// Adds `element` as the newest, dropping the oldest if the buffer is full.
    ///
    /// - Returns: the element that was dropped, if any.
    /// - Complexity: O(1) (amortized while the buffer first fills).
    @discardableResult
    public mutating func append(_ element: Element) -> Element? {
        guard isFull else {
            storage.append(element)
            return nil
        }
        let dropped = storage[head]
        storage[head] = element
        head = head + 1 == capacity ? 0 : head + 1
        return dropped
    }

    /// Forgets every element, keeping the allocated storage.
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
    }

    private func storageIndex(_ position: Int) -> Int {
        let index = head + position
        return index >= storage.count ? index - storage.count : index
    }
}

extension RingBuffer: RandomAccessCollection, MutableCollection {
    /// Always 0: the oldest element kept.
    public var startIndex: Int { 0 }
    /// The number of elements kept.
    public var endIndex: Int { storage.count }

    /// The element at `position`, counted from the oldest (0).
    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < storage.count, "RingBuffer position out of range")
            return storage[storageIndex(position)]
        }
        set {
            precondition(position >= 0 && position < storage.count, "RingBuffer position out of range")
            storage[storageIndex(position)] = newValue
        }
    }
}

extension RingBuffer: Equatable where Element: Equatable {
    /// Two buffers are equal when they hold equal elements in the same order and have the same capacity.
    public static func == (lhs: RingBuffer, rhs: RingBuffer) -> Bool {
        lhs.capacity == rhs.capacity && lhs.elementsEqual(rhs)
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
