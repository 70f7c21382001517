/// A run instrument that also watches the timed generations of an `llm` workload, which run
/// through ``GenerateRun`` instead of the scenario loop (so the scenario hooks never see them).
///
/// ``GenerateRun`` calls `generationWillStart` right before the first timed `generate` request
/// (after loading and the untimed quality pass) and `generationDidFinish` after the last one.
public protocol GenerationObserver: RunInstrument {
    /// Right before the timed generations of `workload`.
    func generationWillStart(workload: Workload)

    /// After the timed generations, with their device-clock window and token count.
    func generationDidFinish(workload: Workload, window: GenerationWindow)
}
