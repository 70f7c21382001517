/// Name, element type and shape of a model input or output as the backend sees it (-1 = symbolic).
public struct TensorInfo: Codable, Sendable, Equatable {
    public let name: String
    public let dtype: String
    public let shape: [Int]
}
