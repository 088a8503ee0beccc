/// A named tensor for model inputs: float32 pixels or int64 side information.
public struct Tensor: Hashable, Sendable {
    /// Element storage.
    public enum Storage: Hashable, Sendable {
        case float32([Float])
        case int64([Int64])
    }

    /// The tensor's name as the model expects it (`pixel_values`, `image_grid_thw`, `num_crops`).
    public var name: String
    /// Its shape, outermost first (C order).
    public var shape: [Int]
    /// Its elements, row-major.
    public var storage: Storage

    /// Creates a tensor.
    /// - Precondition: the element count equals the product of `shape`.
    public init(name: String, shape: [Int], storage: Storage) {
        let count: Int = switch storage {
        case .float32(let values): values.count
        case .int64(let values): values.count
        }
        precondition(shape.reduce(1, *) == count, "Tensor \(name): shape \(shape) needs \(shape.reduce(1, *)) elements, got \(count)")
        self.name = name
        self.shape = shape
        self.storage = storage
    }

    /// An int64 tensor from rows of equal length (`[[1, 4, 6], ...]` → shape `[n, 3]`).
    public static func int64(_ name: String, rows: [[Int]]) -> Tensor {
        Tensor(name: name, shape: [rows.count, rows.first?.count ?? 0], storage: .int64(rows.flatMap { $0.map(Int64.init) }))
    }

    /// An int64 vector.
    public static func int64(_ name: String, values: [Int]) -> Tensor {
        Tensor(name: name, shape: [values.count], storage: .int64(values.map(Int64.init)))
    }

    /// The safetensors dtype name: `F32` or `I64`.
    public var dtype: String {
        switch storage {
        case .float32: "F32"
        case .int64: "I64"
        }
    }

    /// The float32 values, or nil for an int64 tensor.
    public var floats: [Float]? { if case .float32(let values) = storage { values } else { nil } }
    /// The int64 values, or nil for a float32 tensor.
    public var integers: [Int64]? { if case .int64(let values) = storage { values } else { nil } }
}
