// The primary and streaming standby pair lives with the benchmark, which measures reads from a
// replica too (bench/run.ts); tests use the same.
export { ReplicaPair, type ReplicaPairOptions } from '../../bench/replica-pair.js';
