import CSpawn

/// Which CPUs the calling thread, and the children it starts, may run on.
public enum CPUAffinity {
    private static let maskBytes = 128

    /// The CPUs the calling thread may run on (empty when the system does not say).
    public static func allowed() -> [Int] {
        var mask = [UInt8](repeating: 0, count: maskBytes)
        guard aitc_thread_affinity(&mask, mask.count) == 0 else { return [] }
        return (0..<(maskBytes * 8)).filter { mask[$0 / 8] & (1 << ($0 % 8)) != 0 }
    }

    /// Restricts the calling thread, and every child it starts from now on, to `cpus`.
    public static func pinCallingThread(to cpus: [Int]) -> Bool {
        var mask = [UInt8](repeating: 0, count: maskBytes)
        for cpu in cpus where cpu >= 0 && cpu / 8 < maskBytes { mask[cpu / 8] |= UInt8(1 << (cpu % 8)) }
        return aitc_set_thread_affinity(&mask, mask.count) == 0
    }
}
