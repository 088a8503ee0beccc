import Synchronization

/// A `Mutex` that concurrent tasks can capture (a `Mutex` itself cannot be copied into closures).
final class SharedMutex<Value: Sendable>: Sendable {
    /// The protected value.
    let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }
}
