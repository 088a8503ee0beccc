/// Runs `work` over `inputs` on up to `jobs` tasks at once and hands each result to `emit` in
/// input order as soon as it and all earlier ones are done (streaming, bounded memory: at most
/// `jobs` results wait).
func forEachInOrder<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], jobs: Int,
    work: @escaping @Sendable (Input) -> Output,
    emit: (Int, Input, Output) -> Void
) async {
    await withTaskGroup(of: (Int, Output).self) { group in
        var next = 0, nextToEmit = 0
        var waiting: [Int: Output] = [:]
        func start() {
            let index = next
            let input = inputs[index]
            group.addTask { (index, work(input)) }
            next += 1
        }
        while next < inputs.count && next < jobs { start() }
        while let (index, output) = await group.next() {
            waiting[index] = output
            while let ready = waiting.removeValue(forKey: nextToEmit) {
                emit(nextToEmit, inputs[nextToEmit], ready)
                nextToEmit += 1
            }
            if next < inputs.count { start() }
        }
    }
}
