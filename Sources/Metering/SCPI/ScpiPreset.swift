/// Named command sets for instrument families labs use, selected by `?preset=` in a meter URL.
///
/// Accuracy figures are the families' basic power accuracy from their data sheets, without the
/// range-dependent floor; labs state their instrument's floor with `floor_w=` (see Docs/metering.md).
public enum ScpiPreset {
    /// The presets by name.
    public static let table: [String: ScpiCommandSet] = [
        // Yokogawa WT300E/WT500/WT1800 series: ASCII numeric output, item 1 = active power P of element 1.
        "yokogawa-wt": ScpiCommandSet(
            setup: [":COMMUNICATE:HEADER OFF", ":NUMERIC:FORMAT ASCII", ":NUMERIC:NORMAL:NUMBER 1",
                ":NUMERIC:NORMAL:ITEM1 P,1"],
            power: ":NUMERIC:NORMAL:VALUE? 1",
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), resolution: 0.0001),
        // Keysight N6705 DC power analyzer: power of output 1.
        "keysight-n6705": ScpiCommandSet(
            power: "MEAS:POW? (@1)",
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), resolution: 0.00001),
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
