import Testing
@Test func meteringPlaceholder() { #expect(Bool(true)) }
