internal import CVLMPrepShims

/// Process-wide allocator setting for long batch runs (glibc only).
///
/// glibc gives threads their own malloc arenas (up to 8 per core) and freed pixel buffers stay
/// scattered over them: peak RSS of `vlmprep crop` crept from 242 MB (1,000 items) to 306 MB
/// (2,000) and 324 MB (10,000 items). One arena per core kept it flat (243 MB at 2,000 items) at
/// the same speed. The CLI calls this first thing; a library host decides for its own process.
public enum MallocArenas {
    /// Limits glibc to `count` malloc arenas; call before threads start. Elsewhere a no-op.
    /// - Returns: whether the limit was set.
    @discardableResult
    public static func limit(to count: Int) -> Bool {
        vlmprep_limit_malloc_arenas(Int32(clamping: count)) == 1
    }

    /// Keeps freed buffers of up to 32 MiB in the process (glibc's largest mmap threshold) and up
    /// to `bytes` of freed heap memory instead of returning them to the kernel, so that per-image
    /// buffers are reused rather than mapped and faulted in afresh for every image. A page fault
    /// costs ~3 µs on the benchmark machine (a VM): fresh 5.8 MB buffers for each resize pass made
    /// a 1600-px Qwen2.5-VL resize 17 ms instead of 8 ms. Peak RSS grows by at most `bytes`.
    /// Elsewhere a no-op.
    /// - Returns: whether both settings were made.
    @discardableResult
    public static func keepFreedMemory(upTo bytes: Int) -> Bool {
        vlmprep_keep_freed_memory(32 << 20, bytes) == 1
    }
}
