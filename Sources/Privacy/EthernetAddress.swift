/// MAC addresses as the privacy evidence writes them (`02:1a:…`, lower-case, two digits a byte).
enum EthernetAddress {
    /// The six bytes of `bytes` at `offset` (the caller checks the bounds).
    static func text(_ bytes: [UInt8], at offset: Int) -> String {
        bytes[offset..<offset + 6].map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(
            separator: ":")
    }
}
