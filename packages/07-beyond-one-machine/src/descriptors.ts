/**
 * Descriptors, counted from /proc: how many TCP connections to the hosts an nginx worker holds.
 *
 *   /proc/<nginx worker>/fd/*  → socket:[inode] ─┐
 *   /proc/net/tcp              → inode, remote port, state ─┴─▶ ESTABLISHED to a host port
 *
 * A socket is a descriptor in nginx and one in the host's worker; with keep-alive they stay
 * open between requests, without it they are opened and closed for every request.
 */
import { socketInodes, tcpSockets } from '@cluster-from-scratch/kit/platform';

const ESTABLISHED = '01';

/** ESTABLISHED TCP sockets that `pids` hold towards any of `remotePorts`. */
export function upstreamSockets(pids: readonly number[], remotePorts: readonly number[]): number {
  const towardsHosts = new Set(
    tcpSockets()
      .filter((s) => s.state === ESTABLISHED && remotePorts.includes(s.remotePort))
      .map((s) => s.inode),
  );
  let count = 0;
  for (const pid of pids) {
    for (const inode of socketInodes(pid)) if (towardsHosts.has(inode)) count++;
  }
  return count;
}

/**
 * Sockets in TIME_WAIT on the hosts' own address:port: what is left of connections the host
 * side closed. The address matters: 127.0.0.1 may use the same port number for another socket.
 */
export function timeWaitSockets(hosts: readonly { address: string; port: number }[]): number {
  return tcpSockets().filter(
    (s) =>
      s.state === '06' && hosts.some((h) => h.address === s.localAddress && h.port === s.localPort),
  ).length;
}
