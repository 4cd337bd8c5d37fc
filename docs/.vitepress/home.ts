/**
 * The home page's hero and stage cards, in both languages.
 *
 * They would normally sit in the page's YAML frontmatter, but the repository's formatter (biome,
 * run over every markdown file by `npm test`) rewrites frontmatter into something YAML cannot
 * read. So no page here has frontmatter: config.ts adds this to the two home pages instead.
 */
import { siteStages } from './stages.ts';

const cards: Record<string, { en: string; zh: string }> = {
  '01-spawn-exec': {
    en: "Every way to start a child is spawn underneath. Rebuild exec, execFile and fork on it, and prove them against Node's.",
    zh: '启动子进程的所有方式底层都是 spawn。在它之上重建 exec、execFile 和 fork，并与 Node 的实现对比验证。',
  },
  '02-fork-ipc': {
    en: 'The channel is a Unix domain socket, not a pipe. Build request/response on top of it.',
    zh: '通道是 Unix 域套接字，不是管道。在它之上实现请求/响应。',
  },
  '03-proxy-ports': {
    en: 'Two listeners on one port fail with EADDRINUSE. A proxying primary works, and costs two descriptors per connection.',
    zh: '两个进程监听同一端口会得到 EADDRINUSE。由主进程代理可行，但每个连接要两个描述符。',
  },
  '04-handle-passing': {
    en: 'Send the listening socket, not the traffic. One socket, many acceptors, and a thundering herd (惊群).',
    zh: '发送监听套接字，而不是转发流量。一个套接字，多个进程 accept，还有惊群（thundering herd）。',
  },
  '05-auto-restart': {
    en: 'A supervisor that replaces dead workers, gives up on crash loops and leaves no orphan process (孤儿进程) behind.',
    zh: '一个监督者：替换死掉的工作进程，遇到崩溃循环就放弃，绝不留下孤儿进程（orphan process）。',
  },
  '06-round-robin-cluster': {
    en: 'The same API and events as node:cluster, with round-robin and shared-handle scheduling, tested side by side with the real one.',
    zh: '与 node:cluster 相同的 API 和事件，支持轮询与共享句柄两种调度，并与真正的 cluster 并排测试。',
  },
  '07-beyond-one-machine': {
    en: 'A real nginx in front of several hosts, each a cluster: two levels of balancing, upstream keep-alive, a host that dies or hangs, a rolling deploy with no failed request.',
    zh: '真正的 nginx 挡在多台主机前，每台主机是一个集群：两级负载均衡、上游长连接、主机宕机与挂起、零失败的滚动发布。',
  },
  '08-threads-one-port': {
    en: 'Worker threads instead of processes: why a handle cannot be posted to a thread, N threads on one port with reusePort, a supervisor for threads, and the isolation you give up, measured against processes.',
    zh: '用工作线程代替进程：为什么句柄不能 postMessage 给线程；N 个线程用 reusePort 共用一个端口；线程的监督者；你放弃了哪些隔离，并与进程对比实测。',
  },
};

export function homeFrontmatter(lang: 'en' | 'zh'): Record<string, unknown> {
  const prefix = lang === 'en' ? '/' : '/zh/';
  const t = (en: string, zh: string) => (lang === 'en' ? en : zh);
  return {
    layout: 'home',
    hero: {
      name: 'cluster-from-scratch',
      text: t(
        "Rebuild Node's cluster module, one runnable stage at a time",
        '从零重建 Node 的 cluster 模块，每一步都能运行',
      ),
      tagline: t(
        'Seven small stages take you from spawn to a working clone of node:cluster, then past one machine to nginx in front of several hosts. Read them beside five Chinese articles on Node process management, with every claim in those articles checked on Node 20.',
        '七个小阶段，从 spawn 一路走到一个可用的 node:cluster 克隆，再走出单机，让 nginx 挡在多台主机前。配合五篇讲 Node 进程管理的中文文章阅读，文中的每个论断都在 Node 20 上验证过。',
      ),
      actions: [
        {
          theme: 'brand',
          text: t('Start with stage 01', '从阶段 01 开始'),
          link: `${prefix}stages/01-spawn-exec`,
        },
        { theme: 'alt', text: t('Reading guide', '阅读指南'), link: `${prefix}reading-guide` },
        { theme: 'alt', text: t('简体中文', 'English'), link: lang === 'en' ? '/zh/' : '/' },
      ],
    },
    features: siteStages.map((s) => ({
      title: `${s.slug.slice(0, 2)} · ${lang === 'en' ? s.en : s.zh}`,
      details: cards[s.slug]?.[lang] ?? '',
      link: `${prefix}stages/${s.slug}`,
    })),
  };
}
