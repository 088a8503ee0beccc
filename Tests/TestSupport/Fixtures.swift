import Foundation

/// Paths to committed test fixtures under `Tests/Fixtures/`.
///
/// Fixtures are found relative to this source file, so tests run from any working directory.
public enum Fixtures {
    /// `Tests/Fixtures` as an absolute directory URL.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // TestSupport
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// The reference vectors copied from `shared/reference/vectors` (see PROVENANCE.md there).
    public static let reference: URL = root.appendingPathComponent("reference", isDirectory: true)

    /// A fixture file's URL; `relative` is a path below `Tests/Fixtures`.
    public static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    /// Decodes a JSON reference vector file (path below `Tests/Fixtures/reference`).
    public static func referenceJSON<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let data = try Data(contentsOf: reference.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Raw JSON object of a reference vector file, for loosely typed access.
    public static func referenceObject(_ name: String) throws -> Any {
        let data = try Data(contentsOf: reference.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// A fresh empty temporary directory (removed by the OS, not by the test).
    public static func temporaryDirectory(_ label: String = "vlmprep-test") throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A small deterministic random generator (SplitMix64) for property sweeps with a fixed seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; the same seed always yields the same sequence.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
