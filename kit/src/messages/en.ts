/**
 * The kit's words in English: the tour, the workshop commands, the demo runner, the stage titles
 * and the narrators' role names. zh.ts has the same keys (kit/test/message-catalogues.test.ts
 * checks it); a message that needs values is a function of them, so each language can put them
 * where its grammar wants.
 */
const en = {
  /** The role words narrators print in `[role pid]`; a role not listed here prints as it is. */
  roles: {
    primary: 'primary',
    worker: 'worker',
    client: 'client',
    child: 'child',
    parent: 'parent',
    supervisor: 'supervisor',
    demo: 'demo',
    stranger: 'stranger',
    agent: 'agent',
    host: 'host',
    front: 'front',
    lab: 'lab',
  },

  /** Each stage's title and what it proves, as the tour lists them. */
  stages: {
    '01-spawn-exec': {
      title: 'spawn, exec, execFile, fork',
      goal: 'every way to start a child reduces to spawn; we rebuild exec, execFile and fork on it',
    },
    '02-fork-ipc': {
      title: 'fork and the IPC channel',
      goal: 'the channel is a Unix domain socket; we build request/response on top of it',
    },
    '03-proxy-ports': {
      title: 'one port, proxied to many',
      goal: 'two listeners on one port fail; a proxying primary works and costs two fds a connection',
    },
    '04-handle-passing': {
      title: 'handle passing',
      goal: 'send the listening socket, not the traffic: one socket, many acceptors, a thundering herd',
    },
    '05-auto-restart': {
      title: 'auto-restart',
      goal: 'a supervisor that replaces dead workers, gives up on crash loops and leaves no orphans',
    },
    '06-round-robin-cluster': {
      title: 'a clone of node:cluster',
      goal: 'the same API and events as node:cluster, with round-robin and shared-handle scheduling',
    },
    '07-beyond-one-machine': {
      title: 'beyond one machine',
      goal: 'a real nginx in front of several hosts, each a cluster: two levels of balancing, keep-alive, failures, rolling deploys',
    },
    '08-threads-one-port': {
      title: 'threads on one port',
      goal: 'worker threads instead of processes: why a handle cannot be posted to a thread, N threads on one port with reusePort (or a proxy), a supervisor, and what isolation you give up',
    },
  },

  tour: {
    heading:
      'cluster-from-scratch: eight stages from spawn() to a clone of node:cluster, nginx in front of several hosts, and worker threads on one port',
    ready: 'ready',
    coming: 'coming',
    run: (command: string) => `run: ${command}`,
    footer: 'Workshop: npm run workshop    Tests: npm test    All demos: npm run demos',
    whichStage: 'Which stage? (number, Enter to quit) ',
    noStage: (name: string, valid: string) => `No stage '${name}'. Valid names:\n  ${valid}`,
    notBuilt: (slug: string, ready: string) =>
      `Stage ${slug} is not built yet (coming). Ready stages: ${ready}`,
    starting: (slug: string, title: string) => `▶ stage ${slug}: ${title}`,
    leftRunning: (pid: number, cmdline: string) =>
      `left running by the demo: pid ${pid} ${cmdline}`,
  },

  workshop: {
    noExercise: (id: string, valid: string) => `No exercise '${id}'. Valid ids:\n  ${valid}`,
    nameOne: (valid: string) => `Name an exercise. Valid ids:\n  ${valid}`,
    states: {
      'not started': 'not started',
      failing: 'failing',
      passing: 'passing',
    },
    tableHeader: '| exercise | state | title | file |',
    passCount: (passing: number, total: number) => `${passing} of ${total} exercises pass.`,
    couldNotRestore: (file: string, why: string) => `could not restore ${file}: ${why}`,
    resetDone: (id: string, file: string) => `${id}: ${file} is back as committed.`,
    keptIn: (path: string) => `Your version is kept in ${path}`,
    listHeading: 'Workshop exercises',
    edit: (file: string) => `edit ${file}`,
    next: (id: string, title: string) => `Next: ${id} — ${title}`,
    allPass: 'All exercises pass. Well done.',
    commands: [
      'Commands:',
      '  npm run workshop -- --watch   the next exercise, checked each time you save',
      '  npm run verify -- <id>        test your file',
      '  npm run hint -- <id>          a hint',
      '  npm run solution -- <id>      the same spec against the solution in src/',
      '  npm run reset -- <id>         put the starter back',
    ].join('\n'),
    verifying: (id: string, file: string) => `Verifying ${id} against ${file}`,
    passes: (id: string) => `✔ ${id} passes.`,
    notYet: (id: string) => `✘ ${id} does not pass yet. Stuck? npm run hint -- ${id}`,
    runningSolution: (id: string, file: string) => `Running ${id}'s spec against ${file}`,
    hintFor: (id: string, title: string) => `Hint for ${id} (${title}):`,
    unknownCommand: (command: string) =>
      `Unknown command '${command}'. Use: list [--watch|--summary], verify <id>, solution <id>, hint <id>, reset <id>`,
  },

  watch: {
    hintLine: (id: string) => `hint: npm run hint -- ${id}   (Ctrl-C leaves)`,
    timedOut: (id: string, seconds: number) =>
      `✘ ${id}: the spec did not finish in ${seconds} s and was stopped: does your code wait for something that never comes?`,
    failed: (id: string, why: string) => `✘ ${id}: ${why}`,
    didNotRun: 'the spec did not run (does the file compile?)',
    waitingForSave: (file: string) => `waiting for you to save ${file} …`,
    saved: (id: string) => `saved: running ${id}'s spec`,
    passesOnward: (id: string) => `✔ ${id} passes — on to the next exercise`,
  },

  exerciseCheck: {
    line: (verdict: string, id: string, starter: string, solution: string, title: string) =>
      `  ${verdict} ${id.padEnd(5)} starter ${starter.padEnd(7)} solution ${solution.padEnd(7)} ${title}`,
    skipped: (ids: string) =>
      `  skipped ${ids}: their specs skip every test on this machine (see the reason each printed)`,
    total: (passed: number, failed: number, skipped: number) =>
      `exercises: ${passed} passed, ${failed} failed, ${skipped} skipped`,
  },

  demos: {
    usage:
      'usage: npm run demos -- [--lang en|zh] [--stage N ...] [--timeout SECONDS]   (stages 1 to 7)',
    badStage: (name: string, valid: string) =>
      `--stage ${name}: no such stage. Valid names:\n  ${valid}`,
    running: (name: string, language: string) => `▶ ${name} (${language})`,
    header: '| demo | language | exit | seconds | lines | narrated | in Chinese | verdict |',
    ok: 'ok',
    failed: 'FAILED',
    timedOut: (seconds: number) => `did not end within ${seconds} s: stopped`,
    exitedWith: (status: string) => `exited with ${status}`,
    printedUndefined: (line: string) => `printed a value that was never filled in: ${line}`,
    tooLittleChinese: (inChinese: number, narrated: number) =>
      `only ${inChinese} of ${narrated} narrated lines are in Chinese`,
    notYetTranslated: (inChinese: number, narrated: number) =>
      `${inChinese} of ${narrated} narrated lines in Chinese (no messages/zh.ts yet: reported, not failed)`,
    leftRunning: (pid: number, cmdline: string) => `left running: pid ${pid} ${cmdline}`,
    summary: (passed: number, total: number, seconds: number) =>
      `${passed} of ${total} demos passed in ${seconds} s`,
    stopping: 'stopping every demo',
  },
  /** How nodeSince() names the first release of a change on each line (kit/src/node-lines.ts). */
  nodeSince: {
    onLine: (first: string, major: number) => `${first} on ${major}.x`,
    onLineAndLater: (first: string, major: number) => `${first} on ${major}.x and every later line`,
    separator: ', ',
  },
};

export type KitMessages = typeof en;
export default en;
