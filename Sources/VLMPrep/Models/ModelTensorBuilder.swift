import VLMPrepGeometry
import VLMPrepPixels

/// Builds model tensors exactly as the transformers 4.57 slow image processors do
/// (reference/models.md): Pillow-exact resizing (``PillowResampler``), then rescale and
/// normalise in float32 (``Normalization``), in the processor's layout.
///
/// - `gemma3`: each image, then its pan-and-scan crops (when enabled), BILINEAR to 896x896,
///   mean = std = 0.5 → `pixel_values (Σ(1 + n_i), 3, 896, 896)`, `num_crops [n_i]`.
/// - `qwen2.5-vl` / `qwen3-vl`: smart resize, BICUBIC, CLIP (Qwen2.5) or 0.5 (Qwen3) normalisation,
///   the image twice along time, patches in 2x2-merge raster order →
///   `pixel_values (Σ N_i, 3·2·p·p)`, `image_grid_thw [[1, h, w]]`.
/// - `llava-onevision`: anyres_max_9 best resolution, BICUBIC resize, black padding, 384 tiles after
///   the 384x384 BICUBIC base image, 0.5 normalisation; each image as its own one-image sample,
///   padded with all-zero patches to the longest → `pixel_values (n, max_patches, 3, 384, 384)`,
///   `image_sizes [[H, W]]`, `batch_num_images [1, …]`.
/// - `internvl`: dynamic tiles of the BICUBIC-resized image, then the 448x448 BICUBIC thumbnail when
///   there is more than one tile, ImageNet normalisation → `pixel_values (Σ patches, 3, 448, 448)`,
///   `num_patches [k_i]`.
public struct ModelTensorBuilder: Sendable {
    /// The planner (model and its options).
    public let planner: ModelPlanner

    /// Creates a builder for a planner.
    public init(planner: ModelPlanner) {
        self.planner = planner
    }

    /// The normalisation constants of the model's processor.
    public var normalization: Normalization {
        switch planner.model {
        case .qwen25VL: .openAIClip
        case .internVL: .imageNetDefault
        case .gemma3, .qwen3VL, .llavaOneVision: .imageNetStandard
        }
    }

    /// The Pillow filter of the model's processor.
    public var filter: ResampleFilter {
        planner.model == .gemma3 ? .bilinear : .bicubic
    }

    /// Tensors for a list of upright RGB images (one sample).
    /// - Throws: ``GeometryError`` from planning (e.g. a Qwen aspect ratio above 200).
    public func build(_ images: [PixelBuffer]) throws(GeometryError) -> ModelInputs {
        var plans: [ModelPlan] = []
        for image in images { plans.append(try planner.plan(for: image.size)) }
        let resampler = PillowResampler(filter: filter)
        switch planner.model {
        case .gemma3: return gemma3(images, plans, resampler)
        case .qwen25VL, .qwen3VL: return qwen(images, plans, resampler)
        case .llavaOneVision: return llavaOneVision(images, plans, resampler)
        case .internVL: return internVL(images, plans, resampler)
        }
    }

    private func gemma3(_ images: [PixelBuffer], _ plans: [ModelPlan], _ resampler: PillowResampler) -> ModelInputs {
        var pixels: [Float] = []
        var count = 0
        var crops: [Int] = []
        let side = ModelPlanner.gemma3InputSize
        for (image, plan) in zip(images, plans) {
            for input in plan.inputs {
                let part = image.cropped(to: input.rect)
                normalization.appendNormalizedCHW(resampler.resize(part, to: PixelSize(width: side, height: side)), to: &pixels)
                count += 1
            }
            crops.append(plan.inputs.count - 1)
        }
        return ModelInputs(model: planner.model, tensors: [
            Tensor(name: "pixel_values", shape: [count, 3, side, side], storage: .float32(pixels)),
            .int64("num_crops", values: crops),
        ], plans: plans)
    }

    private func qwen(_ images: [PixelBuffer], _ plans: [ModelPlan], _ resampler: PillowResampler) -> ModelInputs {
        guard let smartResize = planner.smartResize else { preconditionFailure("Qwen planner without SmartResize") }
        let patch = smartResize.patchSize, merge = smartResize.mergeSize, temporal = 2
        let rowLength = 3 * temporal * patch * patch
        var rows: [Float] = []
        var grids: [[Int]] = []
        for (image, plan) in zip(images, plans) {
            let input = plan.inputs[0]
            guard let grid = input.grid else { preconditionFailure("Qwen plan without grid") }
            let resized = resampler.resize(image, to: PixelSize(width: input.width, height: input.height))
            let chw = normalization.normalizedCHW(resized)
            appendQwenPatches(chw, width: input.width, height: input.height, grid: grid,
                              patch: patch, merge: merge, temporal: temporal, to: &rows)
            grids.append(grid.array)
        }
        return ModelInputs(model: planner.model, tensors: [
            Tensor(name: "pixel_values", shape: [rows.count / rowLength, rowLength], storage: .float32(rows)),
            .int64("image_grid_thw", rows: grids),
        ], plans: plans)
    }

    /// Qwen2-VL patch flattening (models.md §2.2): rows walk 2x2 merge blocks in raster order and
    /// the patches inside a block in raster order; a row is channel, then the temporal copies, then
    /// the patch's pixels row-major.
    private func appendQwenPatches(_ chw: [Float], width: Int, height: Int, grid: PatchGrid,
                                   patch: Int, merge: Int, temporal: Int, to rows: inout [Float]) {
        let plane = width * height
        rows.reserveCapacity(rows.count + plane * 3 * temporal)
        for blockRow in 0..<(grid.height / merge) {
            for blockColumn in 0..<(grid.width / merge) {
                for mergeRow in 0..<merge {
                    for mergeColumn in 0..<merge {
                        let y0 = (blockRow * merge + mergeRow) * patch
                        let x0 = (blockColumn * merge + mergeColumn) * patch
                        for channel in 0..<3 {
                            for _ in 0..<temporal {
                                for py in 0..<patch {
                                    let start = channel * plane + (y0 + py) * width + x0
                                    rows.append(contentsOf: chw[start..<start + patch])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func llavaOneVision(_ images: [PixelBuffer], _ plans: [ModelPlan], _ resampler: PillowResampler) -> ModelInputs {
        let layouts = images.map { AnyResolution.llavaOneVision.layout(for: $0.size) }
        let tile = AnyResolution.llavaOneVision.tileSize
        let patchValues = 3 * tile * tile
        let maxPatches = layouts.map(\.inputCount).max() ?? 0
        var pixels: [Float] = []
        pixels.reserveCapacity(images.count * maxPatches * patchValues)
        for (image, layout) in zip(images, layouts) {
            let tileSize = PixelSize(width: tile, height: tile)
            normalization.appendNormalizedCHW(resampler.resize(image, to: tileSize), to: &pixels)   // base
            let canvas = resampler.resize(image, to: layout.resized)
                .padded(to: layout.canvas, at: layout.placement.x, layout.placement.y, fill: [0])
            for rect in layout.tiles {
                normalization.appendNormalizedCHW(canvas.cropped(to: rect), to: &pixels)
            }
            // do_pad: shorter patch lists are padded with all-zero patches (zeros after normalising).
            pixels.append(contentsOf: repeatElement(0, count: (maxPatches - layout.inputCount) * patchValues))
        }
        return ModelInputs(model: planner.model, tensors: [
            Tensor(name: "pixel_values", shape: [images.count, maxPatches, 3, tile, tile], storage: .float32(pixels)),
            .int64("image_sizes", rows: images.map { [$0.height, $0.width] }),
            // A flat list of images is one single-image sample each (`batch_num_images = [1] * n`).
            .int64("batch_num_images", values: images.map { _ in 1 }),
        ], plans: plans)
    }

    private func internVL(_ images: [PixelBuffer], _ plans: [ModelPlan], _ resampler: PillowResampler) -> ModelInputs {
        var pixels: [Float] = []
        var patches: [Int] = []
        let tile = DynamicTiles.internVL.tileSize
        for image in images {
            let layout = DynamicTiles.internVL.layout(for: image.size)
            let resized = resampler.resize(image, to: layout.resized)
            for rect in layout.tiles {
                normalization.appendNormalizedCHW(resized.cropped(to: rect), to: &pixels)
            }
            if layout.thumbnail {
                normalization.appendNormalizedCHW(resampler.resize(image, to: PixelSize(width: tile, height: tile)), to: &pixels)
            }
            patches.append(layout.inputCount)
        }
        let total = patches.reduce(0, +)
        return ModelInputs(model: planner.model, tensors: [
            Tensor(name: "pixel_values", shape: [total, 3, tile, tile], storage: .float32(pixels)),
            .int64("num_patches", values: patches),
        ], plans: plans)
    }
}
