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
        let layout = try layout(for: images.map(\.size))
        var pixels: [Float] = []
        pixels.reserveCapacity(layout.pixelValuesShape.reduce(1, *))
        for (index, image) in images.enumerated() {
            fillPixelValues(of: image, at: index, layout: layout, into: &pixels) { _ in }   // keep everything
        }
        return ModelInputs(model: planner.model, tensors: [layout.pixelValues(pixels)] + layout.sideTensors, plans: layout.plans)
    }

    /// The shapes, side tensors and plans of the tensors for images of these sizes (planning only,
    /// no pixels): what a file header needs before `pixel_values` is streamed.
    /// - Throws: ``GeometryError`` from planning.
    public func layout(for sizes: [PixelSize]) throws(GeometryError) -> ModelTensorLayout {
        var plans: [ModelPlan] = []
        for size in sizes { plans.append(try planner.plan(for: size)) }
        let shape: [Int]
        let sideTensors: [Tensor]
        let valueCounts: [Int]
        switch planner.model {
        case .gemma3:
            let side = ModelPlanner.gemma3InputSize
            shape = [plans.reduce(0) { $0 + $1.inputs.count }, 3, side, side]
            valueCounts = plans.map { $0.inputs.count * 3 * side * side }
            sideTensors = [.int64("num_crops", values: plans.map { $0.inputs.count - 1 })]
        case .qwen25VL, .qwen3VL:
            guard let smartResize = planner.smartResize else { preconditionFailure("Qwen planner without SmartResize") }
            let grids = plans.map { plan in
                guard let grid = plan.inputs[0].grid else { preconditionFailure("Qwen plan without grid") }
                return grid
            }
            shape = [grids.reduce(0) { $0 + $1.width * $1.height }, 3 * Self.qwenTemporalCopies * smartResize.patchSize * smartResize.patchSize]
            valueCounts = grids.map { $0.width * $0.height * shape[1] }
            sideTensors = [.int64("image_grid_thw", rows: grids.map(\.array))]
        case .llavaOneVision:
            let tile = AnyResolution.llavaOneVision.tileSize
            let maxPatches = sizes.map { AnyResolution.llavaOneVision.layout(for: $0).inputCount }.max() ?? 0
            shape = [sizes.count, maxPatches, 3, tile, tile]
            valueCounts = sizes.map { _ in maxPatches * 3 * tile * tile }
            sideTensors = [
                .int64("image_sizes", rows: sizes.map { [$0.height, $0.width] }),
                // A flat list of images is one single-image sample each (`batch_num_images = [1] * n`).
                .int64("batch_num_images", values: sizes.map { _ in 1 }),
            ]
        case .internVL:
            let tile = DynamicTiles.internVL.tileSize
            let patches = sizes.map { DynamicTiles.internVL.layout(for: $0).inputCount }
            shape = [patches.reduce(0, +), 3, tile, tile]
            valueCounts = patches.map { $0 * 3 * tile * tile }
            sideTensors = [.int64("num_patches", values: patches)]
        }
        var offsets: [Int] = []
        var offset = 0
        for count in valueCounts {
            offsets.append(offset)
            offset += count
        }
        return ModelTensorLayout(model: planner.model, plans: plans, pixelValuesShape: shape, sideTensors: sideTensors,
                                 valueOffsets: offsets)
    }

    /// Computes `pixel_values` for `images` in pieces, in tensor order, handing each piece to `body`
    /// (one Qwen row of 2x2 merge blocks, one Gemma 3 / InternVL / LLaVA-OneVision input): the
    /// same values as ``build(_:)``, for writing them without holding the whole tensor in memory.
    /// - Precondition: `layout` is ``layout(for:)`` of these images' sizes.
    public func streamPixelValues(_ images: [PixelBuffer], layout: ModelTensorLayout,
                                  _ body: ([Float]) throws -> Void) rethrows {
        precondition(layout.plans.count == images.count, "ModelTensorBuilder: the layout was made for other images")
        for (index, image) in images.enumerated() {
            try streamPixelValues(of: image, at: index, layout: layout, body)
        }
    }

    /// ``streamPixelValues(_:layout:_:)`` for one image of the batch: the pieces of image `index`
    /// alone, which start ``ModelTensorLayout/valueOffsets``[`index`] values into `pixel_values`.
    /// Images can be computed independently (in parallel) and their pieces written at their offsets.
    /// - Precondition: `layout` is ``layout(for:)`` of a batch whose image `index` has `image.size`.
    public func streamPixelValues(of image: PixelBuffer, at index: Int, layout: ModelTensorLayout,
                                  _ body: ([Float]) throws -> Void) rethrows {
        var piece: [Float] = []
        try fillPixelValues(of: image, at: index, layout: layout, into: &piece) { piece in
            try body(piece)
            piece.removeAll(keepingCapacity: true)
        }
    }

    /// Qwen's `temporal_patch_size`: each image is repeated twice along time.
    static let qwenTemporalCopies = 2

    /// Appends image `index`'s `pixel_values` to `pixels` and calls `flush` after each piece (it may
    /// empty `pixels`).
    private func fillPixelValues(of image: PixelBuffer, at index: Int, layout: ModelTensorLayout, into pixels: inout [Float],
                                 flush: (inout [Float]) throws -> Void) rethrows {
        precondition(layout.plans.indices.contains(index) && layout.plans[index].source == image.size,
                     "ModelTensorBuilder: the layout was made for other images")
        let plan = layout.plans[index]
        let resampler = PillowResampler(filter: filter)
        switch planner.model {
        case .gemma3: try gemma3(image, plan, resampler, &pixels, flush)
        case .qwen25VL, .qwen3VL: try qwen(image, plan, resampler, &pixels, flush)
        case .llavaOneVision: try llavaOneVision(image, maxPatches: layout.pixelValuesShape[1], resampler, &pixels, flush)
        case .internVL: try internVL(image, resampler, &pixels, flush)
        }
    }

    private func gemma3(_ image: PixelBuffer, _ plan: ModelPlan, _ resampler: PillowResampler,
                        _ pixels: inout [Float], _ flush: (inout [Float]) throws -> Void) rethrows {
        let side = ModelPlanner.gemma3InputSize
        for input in plan.inputs {
            let part = image.cropped(to: input.rect)
            normalization.appendNormalizedCHW(resampler.resize(part, to: PixelSize(width: side, height: side)), to: &pixels)
            try flush(&pixels)
        }
    }

    private func qwen(_ image: PixelBuffer, _ plan: ModelPlan, _ resampler: PillowResampler,
                      _ pixels: inout [Float], _ flush: (inout [Float]) throws -> Void) rethrows {
        guard let smartResize = planner.smartResize else { preconditionFailure("Qwen planner without SmartResize") }
        let table = normalization.lookupTable
        let input = plan.inputs[0]
        guard let grid = input.grid else { preconditionFailure("Qwen plan without grid") }
        let resized = resampler.resize(image, to: PixelSize(width: input.width, height: input.height))
        for blockRow in 0..<(grid.height / smartResize.mergeSize) {
            appendQwenPatches(resized, blockRow: blockRow, grid: grid, patch: smartResize.patchSize,
                              merge: smartResize.mergeSize, table: table, to: &pixels)
            try flush(&pixels)
        }
    }

    /// Qwen2-VL patch flattening (models.md §2.2) of one row of merge blocks: rows walk 2x2 merge
    /// blocks in raster order and the patches inside a block in raster order; a row is channel,
    /// then the temporal copies, then the patch's pixels row-major. Values are normalised on the
    /// way (`table`, see ``Normalization/lookupTable``), straight from the resized RGB bytes.
    private func appendQwenPatches(_ image: PixelBuffer, blockRow: Int, grid: PatchGrid, patch: Int, merge: Int,
                                   table: [Float], to rows: inout [Float]) {
        precondition(image.bands == 3 && image.width == grid.width * patch && image.height == grid.height * patch,
                     "Qwen patches: \(image.width)x\(image.height)x\(image.bands) for grid \(grid.array)")
        let width = image.width
        let patchArea = patch * patch
        let temporal = Self.qwenTemporalCopies
        var output = rows.count
        rows.append(contentsOf: repeatElement(0, count: width * merge * patch * 3 * temporal))
        let source = image.bytes.span
        let lookup = table.span
        var destination = rows.mutableSpan
        for blockColumn in 0..<(grid.width / merge) {
            for mergeRow in 0..<merge {
                for mergeColumn in 0..<merge {
                    let y0 = (blockRow * merge + mergeRow) * patch
                    let x0 = (blockColumn * merge + mergeColumn) * patch
                    for channel in 0..<3 {
                        let channelTable = channel &* 256
                        var o = output
                        for py in 0..<patch {
                            var p = ((y0 &+ py) &* width &+ x0) &* 3 &+ channel
                            for _ in 0..<patch {
                                destination[unchecked: o] = lookup[unchecked: channelTable &+ Int(source[unchecked: p])]
                                o &+= 1
                                p &+= 3
                            }
                        }
                        // The temporal copies repeat the first one.
                        for copy in 1..<temporal {
                            for i in 0..<patchArea {
                                destination[unchecked: output &+ copy &* patchArea &+ i] = destination[unchecked: output &+ i]
                            }
                        }
                        output &+= temporal &* patchArea
                    }
                }
            }
        }
    }

    private func llavaOneVision(_ image: PixelBuffer, maxPatches: Int, _ resampler: PillowResampler,
                                _ pixels: inout [Float], _ flush: (inout [Float]) throws -> Void) rethrows {
        let tile = AnyResolution.llavaOneVision.tileSize
        let patchValues = 3 * tile * tile
        let tileSize = PixelSize(width: tile, height: tile)
        let anyres = AnyResolution.llavaOneVision.layout(for: image.size)
        normalization.appendNormalizedCHW(resampler.resize(image, to: tileSize), to: &pixels)   // base
        try flush(&pixels)
        let canvas = resampler.resize(image, to: anyres.resized)
            .padded(to: anyres.canvas, at: anyres.placement.x, anyres.placement.y, fill: [0])
        for rect in anyres.tiles {
            normalization.appendNormalizedCHW(canvas.cropped(to: rect), to: &pixels)
            try flush(&pixels)
        }
        // do_pad: shorter patch lists are padded with all-zero patches (zeros after normalising).
        for _ in anyres.inputCount..<maxPatches {
            pixels.append(contentsOf: repeatElement(0, count: patchValues))
            try flush(&pixels)
        }
    }

    private func internVL(_ image: PixelBuffer, _ resampler: PillowResampler,
                          _ pixels: inout [Float], _ flush: (inout [Float]) throws -> Void) rethrows {
        let tile = DynamicTiles.internVL.tileSize
        let tiles = DynamicTiles.internVL.layout(for: image.size)
        let resized = resampler.resize(image, to: tiles.resized)
        for rect in tiles.tiles {
            normalization.appendNormalizedCHW(resized.cropped(to: rect), to: &pixels)
            try flush(&pixels)
        }
        if tiles.thumbnail {
            normalization.appendNormalizedCHW(resampler.resize(image, to: PixelSize(width: tile, height: tile)), to: &pixels)
            try flush(&pixels)
        }
    }
}

/// The tensors of ``ModelTensorBuilder`` for some images without the `pixel_values` data: its
/// shape, the side tensors and the plans. Computed from image sizes alone.
public struct ModelTensorLayout: Sendable {
    /// The model.
    public var model: VisionModel
    /// The plan of each image, in order.
    public var plans: [ModelPlan]
    /// The shape of `pixel_values` (float32), outermost first.
    public var pixelValuesShape: [Int]
    /// The model's side tensors (`image_grid_thw`, `num_crops`, …), in the order they follow
    /// `pixel_values`.
    public var sideTensors: [Tensor]
    /// Where each image's values start in `pixel_values` (in values, not bytes; the first is 0).
    public var valueOffsets: [Int]

    /// LLM tokens of all images.
    public var tokens: Int { plans.reduce(0) { $0 + $1.tokens } }

    /// The `pixel_values` tensor with these values.
    /// - Precondition: `values.count` matches ``pixelValuesShape``.
    public func pixelValues(_ values: [Float]) -> Tensor {
        Tensor(name: "pixel_values", shape: pixelValuesShape, storage: .float32(values))
    }
}
