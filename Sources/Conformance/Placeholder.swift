/// Placeholder until the module lands.
enum ConformancePlaceholder {}
