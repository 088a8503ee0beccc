@_exported import VLMPrepGeometry
@_exported import VLMPrepPixels
@_exported import VLMPrepVips
