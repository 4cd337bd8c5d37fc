/**
 * The command line both host programs share: `--address 127.0.1.X [--port P] --workers M [--quiet]`,
 * and what only the cluster host reads: `--app hello|socketio [--sticky] --cluster clone|node`.
 * Checked before anything starts; bad input exits 2 with one line saying what is wrong.
 */
import { parseArgs } from 'node:util';
import { HOST_ADDRESS_RANGES, isHostAddress } from './host-address.ts';

/** What the workers serve: kit's hello app, or the same plus socket.io (host-app.ts). */
export type HostApp = 'hello' | 'socketio';
export const HOST_APPS: readonly HostApp[] = ['hello', 'socketio'];
/** Whose cluster the host runs on: stage 06's clone (default), or Node's own node:cluster. */
export type HostCluster = 'clone' | 'node';
export const HOST_CLUSTERS: readonly HostCluster[] = ['clone', 'node'];

export interface HostArgs {
  address: string;
  /** 0: the kernel picks (hosts on 127.0.1.x); a fixed one in a namespace of its own. */
  port: number;
  workers: number;
  quiet: boolean;
  app: HostApp;
  /** socketio only: @socket.io/sticky in the primary, which routes each connection by `sid=`. */
  sticky: boolean;
  cluster: HostCluster;
}

export function parseHostArgs(argv: string[], program: string): HostArgs {
  const usage = (problem: string): never => {
    console.error(`${program}: ${problem}`);
    console.error(
      `usage: ${program} --address 127.X.Y.Z [--port P] --workers M [--app hello|socketio] [--sticky] [--cluster clone|node] [--quiet]`,
    );
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
        app: { type: 'string', default: 'hello' },
        sticky: { type: 'boolean', default: false },
        cluster: { type: 'string', default: 'clone' },
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
  const app = String(values.app) as HostApp;
  if (!HOST_APPS.includes(app)) usage(`--app must be ${HOST_APPS.join(' or ')}, got '${app}'`);
  const cluster = String(values.cluster) as HostCluster;
  if (!HOST_CLUSTERS.includes(cluster)) {
    usage(`--cluster must be ${HOST_CLUSTERS.join(' or ')}, got '${cluster}'`);
  }
  const sticky = values.sticky === true;
  if (sticky && app !== 'socketio') usage('--sticky is for --app socketio');
  return { address, port, workers, quiet: values.quiet === true, app, sticky, cluster };
}
