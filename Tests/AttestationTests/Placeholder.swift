import Testing
@Test func placeholderAttestationTests() { #expect(Bool(true)) }
