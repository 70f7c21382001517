/// Name, element type and shape of a model input or output as the backend sees it (-1 = symbolic).
public struct TensorInfo: Codable, Sendable, Equatable {
    /// The tensor's name in the model.
    public let name: String
    /// Its element type (`float32`, `int8`, …).
    public let dtype: String
    /// Its shape; -1 marks a symbolic dimension.
    public let shape: [Int]
}
