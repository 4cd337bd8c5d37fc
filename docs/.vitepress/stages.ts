/**
 * The stages as the site names them, in both languages.
 *
 * kit/src/stages.ts is the project's list (the tour and the workshop read it); this copy adds the
 * Chinese titles and stays importable from the VitePress config, which cannot load kit's
 * TypeScript through node_modules. docs/test/chapters.test.ts checks the two lists agree.
 */
export interface SiteStage {
  number: number;
  slug: string;
  en: string;
  zh: string;
}

export const siteStages: SiteStage[] = [
  {
    number: 1,
    slug: '01-spawn-exec',
    en: 'spawn, exec, execFile, fork',
    zh: 'spawn、exec、execFile 与 fork',
  },
  { number: 2, slug: '02-fork-ipc', en: 'fork and the IPC channel', zh: 'fork 与 IPC 通道' },
  {
    number: 3,
    slug: '03-proxy-ports',
    en: 'one port, proxied to many',
    zh: '一个端口，代理给多个进程',
  },
  { number: 4, slug: '04-handle-passing', en: 'handle passing', zh: '句柄传递' },
  { number: 5, slug: '05-auto-restart', en: 'auto-restart', zh: '自动重启' },
  {
    number: 6,
    slug: '06-round-robin-cluster',
    en: 'a clone of node:cluster',
    zh: '克隆 node:cluster',
  },
  {
    number: 7,
    slug: '07-beyond-one-machine',
    en: 'beyond one machine: nginx in front of hosts',
    zh: '走出单机：nginx 挡在多台主机前',
  },
  {
    number: 8,
    slug: '08-threads-one-port',
    en: 'threads on one port: worker threads instead of processes',
    zh: '线程共用一个端口：用工作线程代替进程',
  },
];
