import VLMPrepGeometry

/// What a model adapter produced for one item: the tensors the model's processor would return
/// (bit-identical to the transformers 4.57 slow processor), plus the plan of every frame.
public struct ModelInputs: Sendable {
    /// The model.
    public var model: VisionModel
    /// `pixel_values` first, then the model's side tensors.
    public var tensors: [Tensor]
    /// The plan of each frame, in frame order.
    public var plans: [ModelPlan]

    /// Creates model inputs.
    public init(model: VisionModel, tensors: [Tensor], plans: [ModelPlan]) {
        self.model = model
        self.tensors = tensors
        self.plans = plans
    }

    /// LLM tokens of all frames.
    public var tokens: Int { plans.reduce(0) { $0 + $1.tokens } }

    /// The tensor with a name, if present.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }
}
