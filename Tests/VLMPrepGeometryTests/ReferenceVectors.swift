import TestSupport
import VLMPrepGeometry

// Typed views of the reference vectors (Tests/Fixtures/reference/*.json, made by generate.py with
// the real Python libraries). Sizes there are (height, width); the helpers turn them into PixelSize.

/// `smart_resize.json`.
struct SmartResizeVectors: Decodable {
    struct Configuration: Decodable {
        let name: String
        let implementation: String
        let patch_size: Int
        let merge_size: Int
        let factor: Int
        let min_pixels: Int
        let max_pixels: Int
    }

    struct Output: Decodable {
        let height: Int?
        let width: Int?
        let grid_h: Int?
        let grid_w: Int?
        let patches: Int?
        let tokens: Int?
        let error: String?
    }

    struct Case: Decodable {
        let height: Int
        let width: Int
        let outputs: [String: Output]
        var size: PixelSize { PixelSize(width: width, height: height) }

        private struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            height = try container.decode(Int.self, forKey: Key(stringValue: "height"))
            width = try container.decode(Int.self, forKey: Key(stringValue: "width"))
            var outputs: [String: Output] = [:]
            for key in container.allKeys where !["height", "width", "aspect"].contains(key.stringValue) {
                outputs[key.stringValue] = try container.decode(Output.self, forKey: key)
            }
            self.outputs = outputs
        }
    }

    let configs: [Configuration]
    let cases: [Case]

    static func load() throws -> SmartResizeVectors { try Fixtures.referenceJSON("smart_resize.json") }
}

/// `pan_and_scan.json`.
struct PanAndScanVectors: Decodable {
    struct Parameters: Decodable {
        let pan_and_scan_min_crop_size: Int
        let pan_and_scan_max_num_crops: Int
        let pan_and_scan_min_ratio_to_activate: Double
        let do_pan_and_scan_default: Bool
    }

    struct Case: Decodable {
        let height: Int
        let width: Int
        let num_crops: Int
        let crops: [[Int]]
        let images_in_pixel_values: Int
        let image_tokens: Int
        var size: PixelSize { PixelSize(width: width, height: height) }
    }

    struct Check: Decodable {
        let height: Int
        let width: Int
        let num_crops: [Int]
        let pixel_values_shape: [Int]
    }

    let params: Parameters
    let cases: [Case]
    let preprocess_checks: [Check]

    static func load() throws -> PanAndScanVectors { try Fixtures.referenceJSON("pan_and_scan.json") }
}

/// `llava_onevision.json`.
struct LlavaOneVisionVectors: Decodable {
    struct Case: Decodable {
        let height: Int
        let width: Int
        let best_resolution: [Int]
        let resized: [Int]
        let padding: [Int]
        let grid_rows: Int
        let grid_cols: Int
        let num_patches: Int
        let base_tokens: Int
        let unpadded_tokens: Int
        let newline_tokens: Int
        let tokens: Int
        let model_feature_count: Int?
        var size: PixelSize { PixelSize(width: width, height: height) }
    }

    struct Check: Decodable {
        let height: Int
        let width: Int
        let pixel_values_shape: [Int]
    }

    let image_grid_pinpoints: [[Int]]
    let cases: [Case]
    let preprocess_checks: [Check]

    static func load() throws -> LlavaOneVisionVectors { try Fixtures.referenceJSON("llava_onevision.json") }
}

/// `internvl.json`.
struct InternVLVectors: Decodable {
    struct Case: Decodable {
        let height: Int
        let width: Int
        let grid: [Int]
        let resized: [Int]
        let tiles: Int
        let thumbnail: Bool
        let num_patches: Int
        let image_tokens: Int
        let tokens_with_img_tags: Int
        var size: PixelSize { PixelSize(width: width, height: height) }
    }

    struct Check: Decodable {
        let height: Int
        let width: Int
        let num_patches: [Int]
        let pixel_values_shape: [Int]
    }

    let candidate_order: [[Int]]
    let cases: [Case]
    let preprocess_checks: [Check]

    static func load() throws -> InternVLVectors { try Fixtures.referenceJSON("internvl.json") }
}
