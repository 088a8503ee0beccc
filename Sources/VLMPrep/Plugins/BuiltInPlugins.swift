/// Every plugin vlmprep ships, in the order `vlmprep` lists them.
let builtInPluginTypes: [any Plugin.Type] = [
    // Loading and regions
    LoadPlugin.self, RegionsPlugin.self,
    // Operators
    ExpandBoxesPlugin.self, MergeBoxesPlugin.self, SquareCropPlugin.self, DedupePlugin.self,
    PanAndScanPlugin.self, TilesPlugin.self,
    // Model adapters
    ModelAdapterPlugin.Gemma3.self, ModelAdapterPlugin.Qwen25VL.self, ModelAdapterPlugin.Qwen3VL.self,
    ModelAdapterPlugin.LlavaOneVision.self, ModelAdapterPlugin.InternVL.self,
    // Emitters
    FilesEmitter.self, OpenAIBatchEmitter.self, SafetensorsEmitter.self,
]
