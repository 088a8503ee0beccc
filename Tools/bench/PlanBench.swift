// Plan throughput of the library's ModelPlanner (what `vlmprep plan` runs per image after reading
// the header). Compiled by Tools/bench/run-plan against VLMPrepGeometry built from Sources/ with
// `swiftc -O -wmo` (as a release build compiles it), and imported like any library user does.
//
//     plan-bench [--count 100000] [--seed 1] [--rounds 5]
//
// Sizes: a fixed-seed SplitMix64 draws `count` upright image sizes, each side log-uniform in
// 32...8192 px (thumbnails to 67-megapixel photos; aspect ratios up to 256, so a few are above
// Qwen's limit of 200 and are counted as errors, as `vlmprep plan` would report them).
// Per model configuration and round, all sizes are planned (1) alone and (2) plus the JSON line
// `vlmprep plan` prints (JSONEncoder, sorted keys). Reported: median plans/s over the rounds.
import Foundation
import VLMPrepGeometry

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else { return value }
    return parsed
}

let count = option("--count", default: 100_000)
let seed = option("--seed", default: 1)
let rounds = option("--rounds", default: 5)

var generator = SplitMix64(state: UInt64(seed))
let (low, high) = (log(32.0), log(8192.0))
let sizes: [PixelSize] = (0..<count).map { _ in
    let width = Int(exp(low + (high - low) * generator.unit()).rounded())
    let height = Int(exp(low + (high - low) * generator.unit()).rounded())
    return PixelSize(width: width, height: height)
}


let configurations: [(String, ModelPlanner)] = try [
    ("gemma3", ModelPlanner(model: .gemma3)),
    ("gemma3 --pan-and-scan", ModelPlanner(model: .gemma3, panAndScan: true)),
    ("qwen2.5-vl", ModelPlanner(model: .qwen25VL)),
    ("qwen3-vl", ModelPlanner(model: .qwen3VL)),
    ("llava-onevision", ModelPlanner(model: .llavaOneVision)),
    ("internvl", ModelPlanner(model: .internVL)),
]

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

print("sizes: \(count), sides log-uniform 32...8192 px, seed \(seed), \(rounds) rounds, median")
print("| model | plans/s (planner) | µs/plan | plans/s (+ JSON line) | tokens/image (mean) | errors |")
print("|---|---|---|---|---|---|")
let clock = ContinuousClock()
for (name, planner) in configurations {
    var planRates: [Double] = [], lineRates: [Double] = []
    var tokens = 0, errors = 0, bytes = 0
    for _ in 0..<rounds {
        tokens = 0; errors = 0
        let planTime = clock.measure {
            for size in sizes {
                do { tokens &+= try planner.plan(for: size).tokens } catch { errors += 1 }
            }
        }
        planRates.append(Double(count) / seconds(planTime))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        bytes = 0
        let lineTime = clock.measure {
            for size in sizes {
                guard let plan = try? planner.plan(for: size), let data = try? encoder.encode(PathPlan(path: "corpus/image.jpg", plan: plan)) else { continue }
                bytes &+= data.count
            }
        }
        lineRates.append(Double(count) / seconds(lineTime))
    }
    let rate = median(planRates)
    let planned = max(1, count - errors)
    print("| \(name) | \(Int(rate.rounded())) | \(String(format: "%.2f", 1e6 / rate)) | \(Int(median(lineRates).rounded())) | \(tokens / planned) | \(errors) |")
}
