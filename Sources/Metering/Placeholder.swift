/// Placeholder until the module lands.
enum MeteringPlaceholder {}
