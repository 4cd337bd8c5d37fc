/**
 * The command line both host programs share: `--address 127.0.1.X --workers M [--quiet]`.
 * Checked before anything starts; bad input exits 2 with one line saying what is wrong.
 */
import { isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';

export interface HostArgs {
  address: string;
  workers: number;
  quiet: boolean;
}

export function parseHostArgs(argv: string[], program: string): HostArgs {
  const usage = (problem: string): never => {
    console.error(`${program}: ${problem}`);
    console.error(`usage: ${program} --address 127.X.Y.Z --workers M [--quiet]`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        address: { type: 'string', default: '127.0.0.1' },
        workers: { type: 'string', default: '2' },
        quiet: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const address = String(values.address);
  const workers = Number(values.workers);
  if (!isIPv4(address) || !address.startsWith('127.')) {
    usage(`--address must be a loopback IPv4 address (127.x.x.x), got '${address}'`);
  }
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    usage(`--workers must be a whole number from 1 to 64, got '${values.workers}'`);
  }
  return { address, workers, quiet: values.quiet === true };
}
