/**
 * What the stage 02 demos say, in English. zh.ts says the same in Chinese; the demos pick one
 * with `inLanguage({ en, zh })`. Values (pids, fds, codes, messages) are arguments, never
 * translated.
 */
import { sources } from '@cluster-from-scratch/kit/platform';

const en = {
  /** demos/main.ts, the primary. */
  primary: {
    forking: 'forking demos/child.ts',
    forked: (pid: number | undefined) => `forked worker 1 as pid ${pid}`,
    myEndOfChannel: (fd: number, link: string, type: unknown, state: unknown) =>
      `my end of the channel: fd ${fd} → ${link} (${type}, ${state})`,
    handlingWhoami: 'handling whoami for the worker',
    gotUserMessage: (message: string) => `got a user message: ${message}`,
    addAnswered: (sum: number) => `request add(2, 3) → ${sum}`,
    divideRejected: (why: string) => `request divide(1, 0) rejected → ${why}`,
    slowTimedOut: (why: string) => `request slow (timeout 300 ms) → ${why}`,
    disconnected: (connected: boolean) => `'disconnect' fired; child.connected = ${connected}`,
    workRejected: (why: string) => `request work → ${why}`,
    sendAfterDisconnect: (returned: boolean, code: unknown) =>
      `send after disconnect returned ${returned}; its callback got ${code}`,
    userMessagesCounted: (count: number) =>
      `${count} user messages reached 'message'; none of the RPC envelopes did`,
    workerExited: (code: number | null) => `worker 1 exited (code ${code}); done`,
    /** How a rejected request reads: its error's name, message, code, and where it was thrown. */
    rpcError: (name: string, message: string, code: unknown, remoteName: string | undefined) =>
      `${name}: ${message} (code ${code}${remoteName ? `, thrown as ${remoteName} in the child` : ''})`,
  },

  /** demos/child.ts, worker 1. */
  worker: {
    channelFd: (fd: number, stillInEnv: boolean) =>
      `NODE_CHANNEL_FD=${fd} (from ${sources.ownEnvironment}; Node removed it from process.env: 'NODE_CHANNEL_FD' in process.env is ${stillInEnv})`,
    channelIsSocket: (
      fd: number,
      link: string,
      type: unknown,
      state: unknown,
      listening: unknown,
    ) =>
      `fd ${fd} → ${link}: ${type}, ${state}, listening=${listening} — a Unix socket, not a pipe`,
    handlingAdd: (a: number, b: number) => `handling add(${a}, ${b})`,
    handlingDivide: (a: number, b: number) => `handling divide(${a}, ${b})`,
    handlingSlow: 'handling slow: taking my time (forever)',
    handlingWorkThenDisconnect: 'handling work… and disconnecting before I answer',
    gotUserMessage: (message: string) => `got a user message: ${message}`,
    askedWhoami: (pid: number) => `asked the primary whoami over RPC: pid ${pid}`,
    disconnected: (connected: boolean) =>
      `'disconnect' fired; process.connected = ${connected}; nothing keeps me alive, exiting`,
    ready: 'handlers attached; telling the primary I am ready (a plain message)',
  },

  /** demos/serialization-table.ts. The table itself stays as the README prints it. */
  serialization: {
    forkingReceivers: "forking a receiver with serialization 'json', then one with 'advanced'",
    readmeRewritten: 'README.md table rewritten',
  },
};

export type Stage02DemoMessages = typeof en;
export default en;
