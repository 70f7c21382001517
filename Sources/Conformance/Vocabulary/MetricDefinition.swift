/// One entry of the ``MetricCatalog``: a metric's name, its unit and what it measures.
public struct MetricDefinition: Sendable, Hashable, Codable {
    /// Dotted metric name, e.g. `single_stream.p90_latency`.
    public let name: String
    /// The unit every requirement and measurement of this metric must use, e.g. `ms`.
    public let unit: String
    /// One line on how the figure is defined.
    public let description: String

    /// Creates a catalogue entry.
    public init(name: String, unit: String, description: String) {
        self.name = name
        self.unit = unit
        self.description = description
    }
}
