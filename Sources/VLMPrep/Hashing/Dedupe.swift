import VLMPrepGeometry
import VLMPrepPixels

/// Near-duplicate removal within one ordered list of hashed frames (DESIGN §3.5).
///
/// A pure operator: it sees only each entry's caller-chosen ``Entry/index``, its ``PerceptualHash``
/// and its source pixel area, and returns one ``Decision`` per entry, in input order.
/// Deterministic: the same entries in the same order always give the same decisions.
///
/// **Groups.** Entries are visited in order. An entry whose Hamming distance to an earlier
/// **leader** is `<= maxDistance` joins the group of the first such leader (leaders are compared in
/// the order they were created); otherwise it becomes a new leader. So the groups depend on the
/// order (originals in gallery order first, then derived frames in the order produced) and never on
/// the pixel areas. Membership is judged against the leader only: two members of a group may be up
/// to `2 · maxDistance` apart.
///
/// **Kept entry per group** (``Keep``):
/// - ``Keep/first`` (default): the leader. This is exactly "drop an entry when its distance to an
///   earlier kept entry is `<= maxDistance`"; every dropped entry records `distance <= maxDistance`.
/// - ``Keep/largest``: the member with the most ``Entry/sourcePixels``; ties go to the earliest
///   entry. Every other member — the leader included when it is not the largest — is dropped as a
///   duplicate of it, with its distance to it (which may exceed `maxDistance`, see above).
///
/// ```swift
/// let dedupe = try Dedupe(maxDistance: 4, keep: .largest)
/// let decisions = dedupe.apply(to: entries)   // decisions[i].duplicateOf == nil → kept
/// ```
public struct Dedupe: Hashable, Sendable {
    /// Valid ``maxDistance`` values: a Hamming distance between 64-bit hashes.
    public static let maxDistanceRange = 0...64
    /// The default ``maxDistance``: 8 bits, chosen by measurement (Tools/bench/run-dedupe-threshold,
    /// RESULTS.md): on 40 real photos x 6 variants, precision stays >= 0.995 up to 8 and falls to
    /// 0.94 at 10; recompressed, 50 %-resized and +15 %-brightened copies are all within 4 bits,
    /// 5 % border crops and watermarks are the hard cases (33 % and 63 % found at 8).
    public static let defaultMaxDistance = 8

    /// Which entry of a group is kept (DESIGN §3.5 option `keep`).
    public enum Keep: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The group's first entry (its leader).
        case first
        /// The group's entry with the most source pixels; ties → the earliest.
        case largest

        /// Parses the option as spelled in recipes and on the command line (exact, lower case).
        /// - Parameters:
        ///   - text: `"first"` or `"largest"`.
        ///   - parameterName: the option name for the message; default `"keep"`.
        /// - Throws: ``GeometryError`` reading `Expected one of: first, largest for keep but received "x"`.
        public init(parsing text: String, parameterName: String = "keep") throws(GeometryError) {
            guard let keep = Keep(rawValue: text) else {
                throw GeometryError.invalidParameter(expected: InvalidParameter.oneOf(Keep.allCases),
                                                     name: parameterName, received: "\"\(text)\"")
            }
            self = keep
        }

        /// The raw value.
        public var description: String { rawValue }
    }

    /// One hashed frame to dedupe.
    public struct Entry: Hashable, Sendable {
        /// The caller's identifier of the frame (e.g. its position in the item's frame list); unique
        /// within one call. ``Decision/duplicateOf`` refers to it.
        public var index: Int
        /// The frame's perceptual hash.
        public var hash: PerceptualHash
        /// How many source pixels the frame covers (`rect.width · rect.height` in source pixels), `>= 0`;
        /// only ``Keep/largest`` reads it.
        public var sourcePixels: Int

        /// An entry; see the properties for units.
        public init(index: Int, hash: PerceptualHash, sourcePixels: Int) {
            self.index = index
            self.hash = hash
            self.sourcePixels = sourcePixels
        }
    }

    /// The outcome for one entry.
    public struct Decision: Hashable, Sendable {
        /// The entry's ``Entry/index``.
        public let index: Int
        /// The kept entry's index when this entry is dropped; nil when it is kept.
        public let duplicateOf: Int?
        /// Hamming distance to ``duplicateOf`` (`0...64`); nil when kept.
        public let distance: Int?

        /// A decision; `duplicateOf` and `distance` are both nil (kept) or both set (dropped).
        public init(index: Int, duplicateOf: Int?, distance: Int?) {
            precondition((duplicateOf == nil) == (distance == nil), "Dedupe.Decision: duplicateOf and distance go together")
            self.index = index
            self.duplicateOf = duplicateOf
            self.distance = distance
        }

        /// True when the entry is kept.
        public var isKept: Bool { duplicateOf == nil }
    }

    /// Entries at Hamming distance `<= maxDistance` from a leader join its group.
    public let maxDistance: Int
    /// Which entry of each group is kept.
    public let keep: Keep

    /// A validated dedupe operator.
    /// - Parameters:
    ///   - maxDistance: in ``maxDistanceRange`` (`0...64`); default ``defaultMaxDistance`` (8).
    ///     0 removes exact hash duplicates only; 64 keeps only the first entry.
    ///   - keep: default ``Keep/first``.
    /// - Throws: ``GeometryError`` reading `Expected an integer in 0...64 for maxDistance but received 65`.
    public init(maxDistance: Int = Dedupe.defaultMaxDistance, keep: Keep = .first) throws(GeometryError) {
        guard Self.maxDistanceRange.contains(maxDistance) else {
            throw GeometryError.invalidParameter(expected: "an integer in \(Self.maxDistanceRange)",
                                                 name: "maxDistance", received: maxDistance)
        }
        self.maxDistance = maxDistance
        self.keep = keep
    }

    /// Decides which entries are kept; one decision per entry, in input order.
    /// - Complexity: O(n · g) hash comparisons for n entries forming g groups.
    /// - Precondition: entry indices are unique and `sourcePixels >= 0`.
    public func apply(to entries: [Entry]) -> [Decision] {
        precondition(Set(entries.map(\.index)).count == entries.count, "Dedupe: entry indices must be unique")
        precondition(entries.allSatisfy { $0.sourcePixels >= 0 }, "Dedupe: sourcePixels must be >= 0")
        // Pass 1: leader clustering. groupOf[i] = position (in `entries`) of entry i's leader.
        var leaders: [Int] = []
        var groupOf = [Int](repeating: 0, count: entries.count)
        for (position, entry) in entries.enumerated() {
            if let leader = leaders.first(where: { entries[$0].hash.distance(to: entry.hash) <= maxDistance }) {
                groupOf[position] = leader
            } else {
                leaders.append(position)
                groupOf[position] = position
            }
        }
        // Pass 2: the kept position of each group.
        var keptOf = [Int: Int]()   // leader position → kept position
        for position in entries.indices {
            let leader = groupOf[position]
            switch keep {
            case .first:
                keptOf[leader] = leader
            case .largest:
                // Strictly larger replaces, so ties stay with the earliest member.
                if let current = keptOf[leader], entries[current].sourcePixels >= entries[position].sourcePixels { continue }
                keptOf[leader] = position
            }
        }
        return entries.indices.map { position in
            let kept = keptOf[groupOf[position]]!
            if kept == position {
                return Decision(index: entries[position].index, duplicateOf: nil, distance: nil)
            }
            return Decision(index: entries[position].index, duplicateOf: entries[kept].index,
                            distance: entries[position].hash.distance(to: entries[kept].hash))
        }
    }
}
