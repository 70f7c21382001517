/// The reply of operations that return nothing but success.
struct EmptyReply: Decodable {}
