import Foundation

/// The Dead Simple Signing Envelope protocol (DSSE v1) primitives.
///
/// See <https://github.com/secure-systems-lab/dsse/blob/master/protocol.md>.
public enum DSSE {
    /// The Pre-Authentication Encoding that is actually signed:
    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where `LEN` is the byte count in
    /// ASCII decimal without leading zeros and `SP` is one space (0x20).
    ///
    /// Signing the PAE rather than the bare payload binds the payload type into the signature.
    public static func pae(payloadType: String, payload: Data) -> Data {
        let type = Data(payloadType.utf8)
        var output = Data("DSSEv1 \(type.count) ".utf8)
        output.append(type)
        output.append(Data(" \(payload.count) ".utf8))
        output.append(payload)
        return output
    }
}
