// Push of a ~50 MB image through the console's registry vs a raw docker-registry (bench/lib/registry-transfer.ts).
import { transferBenchmark } from '../lib/registry-transfer';

export const benchmark = transferBenchmark('push');
