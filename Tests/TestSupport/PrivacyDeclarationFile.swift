import Foundation

/// A device declaration for the digits suite's privacy clauses (no telemetry, erase through the
/// agent, nothing stored on the device), written into a test's folder.
package enum PrivacyDeclarationFile {
    /// Writes `<device>.yaml` declaring digits-cnn-fp32 on `device` and returns its path.
    package static func write(in folder: TemporaryFolder, device: String) throws -> String {
        try folder.write(
            "\(device).yaml",
            """
            device: \(device)
            device_class: smartphone
            on_device: [digits-cnn-fp32]
            telemetry: {present: false, consent_default: off}
            erase: agent
            storage: []
            logs: []

            """)
    }
}
