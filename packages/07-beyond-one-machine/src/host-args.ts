/**
 * The command line both host programs share: `--address 127.0.1.X [--port P] --workers M [--quiet]`.
 * Checked before anything starts; bad input exits 2 with one line saying what is wrong.
 */
import { parseArgs } from 'node:util';
import { HOST_ADDRESS_RANGES, isHostAddress } from './host-address.ts';

export interface HostArgs {
  address: string;
  /** 0: the kernel picks (hosts on 127.0.1.x); a fixed one in a namespace of its own. */
  port: number;
  workers: number;
  quiet: boolean;
}

export function parseHostArgs(argv: string[], program: string): HostArgs {
  const usage = (problem: string): never => {
    console.error(`${program}: ${problem}`);
    console.error(`usage: ${program} --address 127.X.Y.Z [--port P] --workers M [--quiet]`);
    process.exit(2);
  };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        address: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        workers: { type: 'string', default: '2' },
        quiet: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const address = String(values.address);
  const workers = Number(values.workers);
  if (!isHostAddress(address)) {
    usage(`--address must be an IPv4 address in ${HOST_ADDRESS_RANGES}, got '${address}'`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usage(`--port must be a whole number from 0 to 65535, got '${values.port}'`);
  }
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    usage(`--workers must be a whole number from 1 to 64, got '${values.workers}'`);
  }
  return { address, port, workers, quiet: values.quiet === true };
}
