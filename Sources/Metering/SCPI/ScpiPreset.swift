/// Named command sets for instrument families labs use, selected by `?preset=` in a meter URL.
///
/// Accuracy figures are the families' power accuracy from their data sheets: reading, range (the
/// range in use is read from the instrument) and power-factor terms; `*IDN?` must name the family.
public enum ScpiPreset {
    /// The presets by name.
    public static let table: [String: ScpiCommandSet] = [
        // Yokogawa WT300E series (WT310E/WT332E/WT333E): ASCII numeric output, item 1 = active power P
        // of element 1. Datasheet, 45-66 Hz: ±(0.1 % of reading + 0.05 % of range), λ = 0 influence
        // ±0.1 % of S (P·tanφ·0.1 % for 0 < λ < 1).
        "yokogawa-wt": ScpiCommandSet(
            setup: [
                ":COMMUNICATE:HEADER OFF", ":NUMERIC:FORMAT ASCII", ":NUMERIC:NORMAL:NUMBER 1",
                ":NUMERIC:NORMAL:ITEM1 P,1",
            ],
            power: ":NUMERIC:NORMAL:VALUE? 1",
            accuracy: MeterAccuracy(
                fractionOfReading: 0.001, floorWatts: 0, fractionOfRange: 0.0005, powerFactorFraction: 0.001),
            resolution: 0.0001, identifyWords: ["YOKOGAWA", "WT3"], family: "a Yokogawa WT300E-series analyzer",
            rangeQueries: [":INPUT:VOLTAGE:RANGE?", ":INPUT:CURRENT:RANGE?"]),
        // Keysight N6705 DC power analyzer: power of output 1 (DC: no power-factor term; the module's
        // range term is not modelled, state it with floor_w=).
        "keysight-n6705": ScpiCommandSet(
            power: "MEAS:POW? (@1)",
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), resolution: 0.00001,
            identifyWords: ["N6705"], family: "a Keysight N6705 DC power analyzer"),
        // Any SCPI instrument with MEAS:POW?; state its accuracy in the URL.
        "generic": ScpiCommandSet(
            power: "MEAS:POW?",
            accuracy: MeterAccuracy(fractionOfReading: 0.01, floorWatts: 0), resolution: 0.001),
    ]

    /// The preset named `name`, or an error listing the known names.
    public static func named(_ name: String) throws(MeterError) -> ScpiCommandSet {
        guard let set = table[name] else {
            let known = table.keys.sorted().joined(separator: ", ")
            throw MeterError(.invalidSpec, "unknown SCPI preset '\(name)'; known presets: \(known)")
        }
        return set
    }
}
